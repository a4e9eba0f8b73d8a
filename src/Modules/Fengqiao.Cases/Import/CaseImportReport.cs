namespace Fengqiao.Cases.Import;

/// <summary>One problem: the row as a spreadsheet numbers it (the header is row 1; null for the whole file), the
/// column header (null for the whole row) and the reason, in Chinese.</summary>
public sealed record CaseImportProblem(int? Row, string? Column, string Message)
{
    public override string ToString() =>
        (Row is { } row ? $"第 {row} 行" : "文件") + (Column is null ? "" : $"“{Column}”列") + "：" + Message;
}

/// <summary>How far an import is: rows done of the total.</summary>
public sealed record CaseImportProgress(int Done, int Total);

/// <summary>What one imported (or, in a dry run, would-be) row became.</summary>
public sealed record CaseImportRow(int Row, string ExternalId, string? TrackingCode, string? Status, string? CategoryCode, string? CommunityCode, bool NeedsTriage, bool AlreadyImported);

/// <summary>What an import found and, unless it was a dry run or refused, what it wrote.</summary>
public sealed class CaseImportReport
{
    public string? FileName { get; set; }

    /// <summary>How the file was decoded: UTF-8, GBK/GB18030, UTF-16.</summary>
    public string? Encoding { get; set; }

    /// <summary>Data rows in the file (blank rows not counted).</summary>
    public int Rows { get; set; }

    public int ValidRows { get; set; }

    public bool DryRun { get; set; }

    public bool ValidOnly { get; set; }

    /// <summary>Whether anything was written.</summary>
    public bool Imported { get; set; }

    /// <summary>New cases made (or, in a dry run, that would be made).</summary>
    public int Created { get; set; }

    /// <summary>Rows whose external id was imported before: left as they are, no second case.</summary>
    public int AlreadyImported { get; set; }

    public List<int> SkippedRows { get; } = [];

    public List<CaseImportRow> Results { get; } = [];

    public List<CaseImportProblem> Problems { get; } = [];

    public bool IsValid => Problems.Count == 0;

    public int InvalidRows => Problems.Where(p => p.Row is not null).Select(p => p.Row).Distinct().Count();

    public bool HasFileProblem => Problems.Any(p => p.Row is null);
}
