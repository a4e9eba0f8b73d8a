using System.Text.RegularExpressions;

namespace Fengqiao.Cases.Intake;

/// <summary>
/// Screens report text before anything becomes public: identity numbers and phone numbers are masked in the public
/// text, and sensitive words keep the case off the public page until a person has looked at it.
/// </summary>
public static partial class TextScreening
{
    public static ScreenedText Screen(string text, IReadOnlyCollection<string> sensitiveWords)
    {
        var personal = false;
        var masked = IdentityNumberPattern().Replace(text, m =>
        {
            personal = true;
            return m.Value[..4] + new string('*', m.Value.Length - 8) + m.Value[^4..];
        });
        masked = MobilePattern().Replace(masked, m =>
        {
            personal = true;
            return m.Value[..3] + "****" + m.Value[^4..];
        });
        masked = LandlinePattern().Replace(masked, m =>
        {
            personal = true;
            return m.Groups[1].Value + "****" + m.Value[^2..];
        });
        var hits = sensitiveWords.Where(w => w.Length > 0 && text.Contains(w, StringComparison.Ordinal)).ToList();
        return new ScreenedText(masked, personal, hits);
    }

    [GeneratedRegex(@"(?<![0-9])[1-9][0-9]{5}(?:18|19|20)[0-9]{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12][0-9]|3[01])[0-9]{3}[0-9Xx](?![0-9])")]
    private static partial Regex IdentityNumberPattern();

    [GeneratedRegex(@"(?<![0-9])1[3-9][0-9]{9}(?![0-9])")]
    private static partial Regex MobilePattern();

    [GeneratedRegex(@"(?<![0-9])(0[0-9]{2,3}-?)[0-9]{7,8}(?![0-9])")]
    private static partial Regex LandlinePattern();
}

/// <summary>The public version of a text, whether personal data was found in it, and the sensitive words it contains.</summary>
public sealed record ScreenedText(string PublicText, bool HadPersonalData, IReadOnlyList<string> SensitiveWords);
