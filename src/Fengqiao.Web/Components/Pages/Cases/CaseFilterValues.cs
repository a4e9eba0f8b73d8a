using System.Globalization;
using Fengqiao.Cases.Domain;
using Fengqiao.Cases.Queries;
using Fengqiao.Kernel.Time;
using Microsoft.AspNetCore.WebUtilities;

namespace Fengqiao.Web.Components.Pages.Cases;

/// <summary>
/// The queue's filters as they travel in the URL (<c>/cases?queue=…&amp;category=E01&amp;grid=…&amp;from=2026-11-01</c>), so a
/// filtered queue can be bookmarked and shared. Dates are Shanghai calendar days; <see cref="To"/> is inclusive.
/// </summary>
public sealed record CaseFilterValues(
    string? Category = null, string? Grid = null, CaseChannel? Channel = null, DeadlineState? Deadline = null,
    DateOnly? From = null, DateOnly? To = null, string? Text = null)
{
    public const string DateFormat = "yyyy-MM-dd";

    public bool IsEmpty => this == new CaseFilterValues();

    public static CaseFilterValues Parse(string? category, string? grid, string? channel, string? deadline, string? from, string? to, string? text) => new(
        Blank(category),
        Blank(grid),
        Enum.TryParse<CaseChannel>(channel, true, out var c) && Enum.IsDefined(c) ? c : null,
        Enum.TryParse<DeadlineState>(deadline, true, out var d) && Enum.IsDefined(d) ? d : null,
        DateOnly.TryParseExact(from, DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var f) ? f : null,
        DateOnly.TryParseExact(to, DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var t) ? t : null,
        Blank(text));

    /// <summary>The page URL for a queue with these filters (and a view: list or map).</summary>
    public string Url(CaseQueue queue, string? view = null)
    {
        var query = new Dictionary<string, string?> { ["queue"] = queue.ToString() };
        Add(query, "category", Category);
        Add(query, "grid", Grid);
        Add(query, "channel", Channel?.ToString());
        Add(query, "deadline", Deadline?.ToString());
        Add(query, "from", From?.ToString(DateFormat, CultureInfo.InvariantCulture));
        Add(query, "to", To?.ToString(DateFormat, CultureInfo.InvariantCulture));
        Add(query, "text", Text);
        Add(query, "view", view);
        return QueryHelpers.AddQueryString("/cases", query);
    }

    /// <summary>The API query: the day range becomes [from 00:00, day after to 00:00) in Shanghai time.</summary>
    public CaseListQuery ToQuery(CaseQueue queue, int page, int pageSize) => new(
        queue, null, Category, null, Channel, Deadline, Text,
        From is { } f ? ChinaTime.At(f, TimeOnly.MinValue) : null,
        To is { } t ? ChinaTime.At(t.AddDays(1), TimeOnly.MinValue) : null,
        page, pageSize, Grid);

    private static void Add(Dictionary<string, string?> query, string key, string? value)
    {
        if (!string.IsNullOrWhiteSpace(value))
        {
            query[key] = value;
        }
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
