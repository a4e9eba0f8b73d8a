namespace Fengqiao.Mediation.Systemic;

/// <summary>
/// The systemic detectors' settings (section <c>Mediation:Systemic</c>), tunable per county without a release.
/// </summary>
public sealed class SystemicOptions
{
    public const string Section = "Mediation:Systemic";

    /// <summary>Length in days of the current window and of each baseline period of the rising-type detector.</summary>
    public int PeriodDays { get; set; } = 30;

    /// <summary>How many earlier periods make the community's own baseline (their mean count).</summary>
    public int BaselinePeriods { get; set; } = 6;

    /// <summary>A rise needs at least this many disputes of the type in the current window …</summary>
    public int RisingMinCount { get; set; } = 5;

    /// <summary>… and at least this multiple of the baseline mean.</summary>
    public double RisingFactor { get; set; } = 2.0;

    /// <summary>This many open or recent disputes against one organisation (as respondent) raise an issue.</summary>
    public int OrganisationMinCases { get; set; } = 3;

    /// <summary>This many disputes at one address within the window raise an issue.</summary>
    public int AddressMinCases { get; set; } = 3;

    /// <summary>"Recent" for the organisation and address detectors: accepted within this many days (open cases always count).</summary>
    public int RecentDays { get; set; } = 180;

    /// <summary>How often the periodic sweep runs, in minutes; 0 turns it off (intake and changes still detect).</summary>
    public int SweepMinutes { get; set; } = 60;
}
