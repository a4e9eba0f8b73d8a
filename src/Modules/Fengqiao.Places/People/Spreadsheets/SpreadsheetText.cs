namespace Fengqiao.Places.People.Spreadsheets;

/// <summary>
/// CSV/formula injection (OWASP "CSV Injection"): a spreadsheet treats a cell that starts with = + - @ (and, in some
/// programs, a tab or carriage return, or the full-width ＝＋－＠ that input methods produce) as a formula, so
/// <c>=HYPERLINK("http://x","y")</c> typed into a field would become a live link in every exported sheet. Exports prefix
/// such text with an apostrophe so that it shows as text; the import takes that one apostrophe off again, so a value
/// survives export and re-import unchanged.
/// </summary>
public static class SpreadsheetText
{
    private const char Quote = '\'';

    /// <summary>True when a spreadsheet could read <paramref name="value"/> as a formula.</summary>
    public static bool IsDangerous(string? value) =>
        !string.IsNullOrEmpty(value) && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r' or '\n' or '＝' or '＋' or '－' or '＠';

    /// <summary>The value as it may be written to a cell: dangerous text gets a leading apostrophe.</summary>
    public static string Neutralise(string? value) => IsDangerous(value) ? Quote + value : value ?? "";

    /// <summary>Undoes <see cref="Neutralise"/>: an apostrophe followed by what would be dangerous is removed.</summary>
    public static string Restore(string value) => value.Length > 1 && value[0] == Quote && IsDangerous(value[1..]) ? value[1..] : value;
}
