namespace Fengqiao.Mediation.Agreements;

/// <summary>Settings of agreements (<c>Mediation:Agreements</c>): the CJK font of the PDF and the reminders.</summary>
public sealed class AgreementOptions
{
    public const string Section = "Mediation:Agreements";

    /// <summary>A TrueType font or collection with Chinese glyphs; Debian's fonts-wqy-microhei by default.</summary>
    public string FontPath { get; set; } = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc";

    /// <summary>The face within a .ttc collection.</summary>
    public int FontIndex { get; set; }

    /// <summary>How often the reminder sweep runs on each node.</summary>
    public TimeSpan ReminderInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>An obligation is "due soon" this many days before its due date.</summary>
    public int ObligationDueSoonDays { get; set; } = 3;

    /// <summary>The mediators hear this many days before the judicial confirmation window closes.</summary>
    public int ConfirmationWarningDays { get; set; } = 5;
}
