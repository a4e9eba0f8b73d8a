using System.Collections;
using System.Globalization;
using System.Resources;
using System.Text.RegularExpressions;
using Fengqiao.Web;

namespace Fengqiao.Tests.Platform;

/// <summary>UI text is Chinese first with English switchable, and comes from resources, never from markup.</summary>
public sealed partial class LocalisationTests
{
    private static readonly ResourceManager Resources = new("Fengqiao.Web.Resources.SharedResource", typeof(SharedResource).Assembly);

    [Fact]
    public void Every_chinese_string_has_an_english_translation_and_no_more()
    {
        var chinese = Strings(CultureInfo.InvariantCulture);
        var english = Strings(new CultureInfo("en"));

        Assert.NotEmpty(chinese);
        Assert.Equal(chinese.Keys.Order(StringComparer.Ordinal), english.Keys.Order(StringComparer.Ordinal));
        Assert.All(chinese, pair => Assert.False(string.IsNullOrWhiteSpace(pair.Value), pair.Key));
        Assert.All(english, pair => Assert.False(string.IsNullOrWhiteSpace(pair.Value), pair.Key));
    }

    [Fact]
    public void English_strings_contain_no_chinese_characters()
    {
        var english = Strings(new CultureInfo("en"));

        Assert.All(english, pair => Assert.DoesNotMatch(Han(), pair.Value));
    }

    [Fact]
    public void Every_key_used_in_the_markup_exists()
    {
        var keys = Strings(CultureInfo.InvariantCulture).Keys.ToHashSet(StringComparer.Ordinal);
        var used = RazorFiles()
            .SelectMany(file => UsedKey().Matches(File.ReadAllText(file)).Select(m => (File: Path.GetFileName(file), Key: m.Groups[1].Value)))
            .ToList();

        Assert.NotEmpty(used);
        Assert.All(used, use => Assert.True(keys.Contains(use.Key), $"{use.File} uses missing key {use.Key}"));
    }

    [Fact]
    public void Markup_holds_no_hard_coded_chinese_text()
    {
        // The one exception: a language's own name in the language switch ("中文"), shown the same in every language.
        var offenders = RazorFiles()
            .SelectMany(file => File.ReadLines(file).Select((line, index) => (File: Path.GetFileName(file), Line: index + 1, Text: line)))
            .Where(line => Han().IsMatch(line.Text.Replace("\"中文\"", "", StringComparison.Ordinal)))
            .Select(line => $"{line.File}:{line.Line}: {line.Text.Trim()}")
            .ToList();

        Assert.Empty(offenders);
    }

    [Theory]
    [InlineData("SharedResource.resx")]
    [InlineData("SharedResource.en.resx")]
    public void No_two_keys_differ_only_in_case(string file)
    {
        // The resource compiler keeps the first of two such keys and drops the other with a mere warning, so a lookup of
        // the second silently shows the first's text (or the bare key).
        var names = System.Xml.Linq.XDocument.Load(Path.Combine(SharedData.RepositoryRoot, "src", "Fengqiao.Web", "Resources", file))
            .Root!.Elements("data").Select(d => (string)d.Attribute("name")!);
        var clashes = names.GroupBy(n => n, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1).Select(g => string.Join(" = ", g));
        Assert.Empty(clashes);
    }

    private static Dictionary<string, string> Strings(CultureInfo culture)
    {
        var set = Resources.GetResourceSet(culture, createIfNotExists: true, tryParents: false)
            ?? throw new InvalidOperationException($"No resources for '{culture.Name}'.");
        return set.Cast<DictionaryEntry>().ToDictionary(e => (string)e.Key, e => (string)e.Value!, StringComparer.Ordinal);
    }

    private static IEnumerable<string> RazorFiles()
    {
        var components = Path.Combine(SharedData.RepositoryRoot, "src", "Fengqiao.Web", "Components");
        return Directory.EnumerateFiles(components, "*.razor", SearchOption.AllDirectories)
            .Concat(Directory.EnumerateFiles(components, "*.cs", SearchOption.AllDirectories));
    }

    [GeneratedRegex(@"\p{IsCJKUnifiedIdeographs}")]
    private static partial Regex Han();

    [GeneratedRegex("""L\["([A-Za-z0-9_]+)"[\],]""")]
    private static partial Regex UsedKey();
}
