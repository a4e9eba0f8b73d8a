namespace Fengqiao.Cases.Import;

/// <summary>Limits of CSV batch intake (configuration section <c>Cases:Import</c>).</summary>
public sealed class CaseImportOptions
{
    public const string Section = "Cases:Import";

    /// <summary>Largest file accepted, in bytes (default 5 MB: about 10,000 hotline tickets).</summary>
    public long MaxBytes { get; set; } = 5 * 1024 * 1024;

    /// <summary>Most data rows in one file; every row runs the whole intake pipeline inside one transaction.</summary>
    public int MaxRows { get; set; } = 5000;
}
