namespace Fengqiao.Places.Grids;

/// <summary>What is wrong with one feature (or, with no index, with the file), and where.</summary>
/// <param name="Index">The feature's zero-based position in the collection; null for the file as a whole.</param>
/// <param name="Code">The grid code the feature gave, if any.</param>
/// <param name="Message">What is wrong, for people.</param>
/// <param name="Location">[longitude, latitude] of the problem, in the coordinates of the file.</param>
public sealed record GridImportProblem(int? Index, string? Code, string Message, double[]? Location)
{
    public override string ToString() =>
        (Index is { } i ? $"第 {i + 1} 个要素（features[{i}]{(Code is null ? "" : "，" + Code)}）：" : "文件：")
        + Message
        + (Location is { Length: 2 } l ? $"（位置 {l[0].ToString(System.Globalization.CultureInfo.InvariantCulture)}, {l[1].ToString(System.Globalization.CultureInfo.InvariantCulture)}）" : "");
}

/// <summary>The outcome of a grid import: the per-feature problems, and what was written when anything was.</summary>
public sealed class GridImportReport
{
    /// <summary>Features in the file.</summary>
    public int Features { get; set; }

    /// <summary>"wgs84" or "gcj02": how the file's coordinates were read.</summary>
    public string Crs { get; set; } = "wgs84";

    /// <summary>
    /// 仅校验: nothing was written, and <see cref="Created"/>, <see cref="Redrawn"/> and <see cref="Skipped"/> say what an
    /// import with the same options would do.
    /// </summary>
    public bool DryRun { get; set; }

    /// <summary>Whether anything was written; false when the file was refused or only checked.</summary>
    public bool Imported { get; set; }

    /// <summary>Codes of grids created (or, in a dry run, that would be).</summary>
    public List<string> Created { get; } = [];

    /// <summary>Codes of existing grids redrawn (and renamed).</summary>
    public List<string> Redrawn { get; } = [];

    /// <summary>Indexes of invalid features left out (validOnly).</summary>
    public List<int> Skipped { get; } = [];

    /// <summary>Problems that block the features they name.</summary>
    public List<GridImportProblem> Problems { get; } = [];

    /// <summary>Things worth a look that do not block the import, e.g. gaps between the basic grids of a community.</summary>
    public List<GridImportProblem> Warnings { get; } = [];

    public bool IsValid => Problems.Count == 0;
}
