namespace Fengqiao.Cases.Deadlines;

/// <summary>
/// Stage limits that do not come from the category (configuration section <c>Cases:Deadlines</c>). Published examples:
/// filing + dispatch ≤ 30 min normal / ≤ 10 min urgent; verification ≤ 1 h in town, ≤ 2 h rural.
/// </summary>
public sealed class DeadlineOptions
{
    public const string Section = "Cases:Deadlines";

    /// <summary>立案时限 for normal cases, in working minutes.</summary>
    public int FilingMinutes { get; set; } = 30;

    /// <summary>立案时限 for urgent and emergency cases, in calendar minutes.</summary>
    public int UrgentFilingMinutes { get; set; } = 10;

    /// <summary>派遣时限, in working minutes (calendar minutes when urgent).</summary>
    public int DispatchMinutes { get; set; } = 30;

    public int UrgentDispatchMinutes { get; set; } = 10;

    /// <summary>签收时限: how long a holder has to accept or return a dispatched case, in working minutes.</summary>
    public int AcceptanceMinutes { get; set; } = 60;

    public int UrgentAcceptanceMinutes { get; set; } = 15;

    /// <summary>核查时限, in working minutes.</summary>
    public int VerificationMinutes { get; set; } = 120;

    /// <summary>A stage is due soon (将到期, yellow card) once this share of its time is left.</summary>
    public double DueSoonShare { get; set; } = 0.2;

    /// <summary>Days after closing in which the reporter may reopen a case (重新打开).</summary>
    public int ReopenWindowDays { get; set; } = 7;

    /// <summary>Days after closing in which the reporter may rate.</summary>
    public int RatingWindowDays { get; set; } = 30;

    /// <summary>How often the deadline sweeper looks for stages that turned due soon or overdue.</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromSeconds(30);
}
