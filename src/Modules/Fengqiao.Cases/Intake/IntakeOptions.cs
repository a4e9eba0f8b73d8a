namespace Fengqiao.Cases.Intake;

/// <summary>How intake treats reports (configuration section <c>Cases:Intake</c>).</summary>
public sealed class IntakeOptions
{
    public const string Section = "Cases:Intake";

    /// <summary>Open cases within this distance of a new report are duplicate candidates (FixMyStreet uses 250 m).</summary>
    public double DuplicateRadiusMetres { get; set; } = 150;

    /// <summary>…and reported within this many hours before it.</summary>
    public int DuplicateWindowHours { get; set; } = 72;

    /// <summary>Character-bigram similarity (0–1) above which two texts describe the same problem.</summary>
    public double DuplicateTextSimilarity { get; set; } = 0.25;

    /// <summary>Words that keep a report off the public page until a person has looked at it (敏感词).</summary>
    public List<string> SensitiveWords { get; set; } = ["自杀", "跳楼", "爆炸", "上访", "群体性", "集体讨薪", "报复"];

    /// <summary>File and dispatch confidently classified, located, non-duplicate reports without waiting for a person.</summary>
    public bool AutoDispatch { get; set; } = true;

    /// <summary>
    /// Commit concurrent reports together in one transaction (<see cref="IntakeWriter"/>); off, each report commits alone.
    /// </summary>
    public bool GroupCommit { get; set; } = true;

    /// <summary>The most reports one group transaction holds.</summary>
    public int GroupCommitMaxBatch { get; set; } = 256;

    /// <summary>
    /// How long a node keeps a unit looked up by code (<see cref="IntakeUnits"/>): the longest it may still accept reports
    /// for a unit retired meanwhile, or show its old name. 0 reads the unit for every report.
    /// </summary>
    public int UnitCacheSeconds { get; set; } = 30;

    /// <summary>
    /// How many case text signatures a node keeps for the duplicate check (<see cref="DuplicateSignatures"/>, about 3 KB
    /// each for a 2 KB report). A case not kept has its text read again when a report lands near it.
    /// </summary>
    public int DuplicateSignatureCacheSize { get; set; } = 20_000;

    /// <summary>
    /// How many recent open cases a node holds in memory for the duplicate check (<see cref="RecentCaseIndex"/>, about
    /// 180 bytes each). When the window holds more, checks reaching past the oldest held fall back to the query. 0 turns
    /// the index off: every check queries the database.
    /// </summary>
    public int DuplicateIndexCapacity { get; set; } = 200_000;

    /// <summary>
    /// How often a node reads back the cases changed since its last look (other nodes' reports, staff actions): the
    /// longest a status or category change takes to reach its duplicate check. 0 reads before every check.
    /// </summary>
    public int DuplicateIndexRefreshMilliseconds { get; set; } = 1_000;

    /// <summary>
    /// How far before its last look a refresh starts reading: a change is stamped before its transaction commits, so one
    /// that commits later than this after its stamp is seen only when the case changes again.
    /// </summary>
    public int DuplicateIndexRefreshMarginMilliseconds { get; set; } = 10_000;
}
