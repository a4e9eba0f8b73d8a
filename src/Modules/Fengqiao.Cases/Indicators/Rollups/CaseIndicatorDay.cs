namespace Fengqiao.Cases.Indicators.Rollups;

/// <summary>
/// 指标日汇总: every count the indicators need for the cases of one bucket — one unit path (the grid or community the
/// case is filed under), one assigned department ("" when none) and one Shanghai day of <c>ReportedAt</c>. Stage times
/// are kept as the number of cases and the SUM of their stored working durations in whole microseconds, so that averages over many
/// buckets recombine exactly (docs/indicators.md, ADR 0018). Written only by <see cref="IndicatorRollups"/>.
/// </summary>
public sealed class CaseIndicatorDay
{
    public string UnitPath { get; init; } = "";

    /// <summary>The assigned department's code, or "" for cases with none (key columns cannot be NULL).</summary>
    public string DepartmentCode { get; init; } = "";

    public DateOnly Day { get; init; }

    public int Reported { get; init; }

    public int Suspended { get; init; }

    public int Filed { get; init; }

    public int FiledOnTime { get; init; }

    public int Dispatched { get; init; }

    public int DispatchedAccurately { get; init; }

    public int Disposed { get; init; }

    public int DisposedOnTime { get; init; }

    public int Closed { get; init; }

    public int ClosedOnTime { get; init; }

    public int Reworked { get; init; }

    public int Rated { get; init; }

    public int Satisfied { get; init; }

    public int HotlineReported { get; init; }

    public int HotlineResponded { get; init; }

    public int HotlineFiled { get; init; }

    public int HotlineClosed { get; init; }

    public int HotlineRated { get; init; }

    public int HotlineSatisfied { get; init; }

    public int ResolvedAtGrid { get; init; }

    public int ResolvedAtCommunity { get; init; }

    public int ResolvedAtStreet { get; init; }

    public int ResolvedAtCountyOrAbove { get; init; }

    public int FilingCases { get; init; }

    public long FilingWorkingMicroseconds { get; init; }

    public int DispatchCases { get; init; }

    public long DispatchWorkingMicroseconds { get; init; }

    public int DisposalCases { get; init; }

    public long DisposalWorkingMicroseconds { get; init; }

    public int VerificationCases { get; init; }

    public long VerificationWorkingMicroseconds { get; init; }

    public int TotalCases { get; init; }

    public long TotalWorkingMicroseconds { get; init; }
}

/// <summary>
/// A mark that a bucket's roll-up row may be stale: added in the same transaction as every change to a case (see
/// <see cref="CaseIndicatorDirtyMarker"/>), so a bucket is either marked or exact. Marks are only ever inserted by
/// writers (no row to contend for) and deleted by the refresher up to the highest <see cref="Id"/> it recomputed.
/// A new case's mark names it (<see cref="CaseId"/>): a bucket whose marks all name new cases has its row brought up
/// to date by adding those cases alone, instead of aggregating the whole bucket again.
/// </summary>
public sealed class CaseIndicatorDirty
{
    public long Id { get; init; }

    public string UnitPath { get; init; } = "";

    public string DepartmentCode { get; init; } = "";

    public DateOnly Day { get; init; }

    /// <summary>
    /// The case this mark records the insertion of, which the bucket's row does not count yet; null for a change to
    /// cases already counted (or a move out of the bucket), which makes the refresher aggregate the bucket again.
    /// </summary>
    public Guid? CaseId { get; init; }
}
