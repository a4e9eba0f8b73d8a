namespace Fengqiao.Places.People.Spreadsheets;

/// <summary>One problem: the row as the spreadsheet numbers it (null for the file), the column header (null for the
/// whole row) and the reason, in Chinese.</summary>
public sealed record ResidentImportProblem(int? Row, string? Column, string Message)
{
    public override string ToString() =>
        (Row is { } row ? $"第 {row} 行" : "文件") + (Column is null ? "" : $"“{Column}”列") + "：" + Message;
}

/// <summary>How far an import is: phase (读取 / 校验 / 写入), rows done and the total.</summary>
public sealed record ResidentImportProgress(ResidentImportPhase Phase, int Done, int Total);

public enum ResidentImportPhase
{
    Reading = 1,
    Validating = 2,
    Writing = 3,
}

/// <summary>What an import found and, when it wrote anything, what it wrote.</summary>
public sealed class ResidentImportReport
{
    public string? FileName { get; set; }

    /// <summary>"xlsx" or "csv".</summary>
    public string? Format { get; set; }

    /// <summary>How a CSV file was decoded (UTF-8, UTF-8（带 BOM）, GB18030（GBK）); null for xlsx.</summary>
    public string? Encoding { get; set; }

    /// <summary>Data rows in the file (blank rows not counted).</summary>
    public int Rows { get; set; }

    /// <summary>Rows with no problem.</summary>
    public int ValidRows { get; set; }

    public bool DryRun { get; set; }

    public bool ValidOnly { get; set; }

    /// <summary>Whether anything was written.</summary>
    public bool Imported { get; set; }

    public int ResidentsCreated { get; set; }

    public int HouseholdsCreated { get; set; }

    /// <summary>Existing households the rows were added to.</summary>
    public int HouseholdsMatched { get; set; }

    public int BuildingsCreated { get; set; }

    /// <summary>Rows left out because they had problems (validOnly).</summary>
    public List<int> SkippedRows { get; } = [];

    public List<ResidentImportProblem> Problems { get; } = [];

    public bool IsValid => Problems.Count == 0;

    /// <summary>Rows that have at least one problem.</summary>
    public int InvalidRows => Problems.Where(p => p.Row is not null).Select(p => p.Row).Distinct().Count();

    /// <summary>A problem about the file as a whole (headers, encoding, size): no row can be imported.</summary>
    public bool HasFileProblem => Problems.Any(p => p.Row is null);
}
