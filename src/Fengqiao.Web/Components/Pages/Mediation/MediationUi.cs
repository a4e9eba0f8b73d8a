using Fengqiao.Kernel.Identity;
using Fengqiao.Kernel.Time;
using Fengqiao.Mediation.Disputes;
using Fengqiao.Mediation.Sessions;
using Fengqiao.Web.Components.Shared;
using Microsoft.Extensions.Localization;
using MudBlazor;

namespace Fengqiao.Web.Components.Pages.Mediation;

/// <summary>Roles, colours and labels shared by the mediation pages (the roles match <see cref="DisputeAccess"/>).</summary>
internal static class MediationUi
{
    /// <summary>Who reads mediation cases (as DisputeAccess.ReaderRoles).</summary>
    public const string ReaderRoles = Roles.Mediator + "," + Roles.CommunityWorker + "," + Roles.StreetOfficer + "," + Roles.Supervisor + "," + Roles.Administrator;

    /// <summary>Who takes in and works on cases (as DisputeAccess.WorkerRoles).</summary>
    public const string WorkerRoles = Roles.Mediator + "," + Roles.CommunityWorker + "," + Roles.StreetOfficer + "," + Roles.Administrator;

    /// <summary>Marker colours of the risk map, lowest risk first (the same in wwwroot/js/mediationmap.js).</summary>
    public static readonly (RiskLevel Level, string Colour)[] RiskColours =
        [(RiskLevel.Low, "#2e7d32"), (RiskLevel.Medium, "#f9a825"), (RiskLevel.High, "#ef6c00"), (RiskLevel.Critical, "#c62828")];

    public static Color RiskColour(RiskLevel level) => level switch
    {
        RiskLevel.Low => Color.Success,
        RiskLevel.Medium => Color.Warning,
        _ => Color.Error,
    };

    public static Color StatusColour(DisputeStatus status) => status switch
    {
        DisputeStatus.Accepted => Color.Info,
        DisputeStatus.InMediation => Color.Primary,
        DisputeStatus.Resolved => Color.Success,
        DisputeStatus.Failed => Color.Warning,
        _ => Color.Default,
    };

    public static Color SessionColour(SessionStatus status) => status switch
    {
        SessionStatus.Scheduled => Color.Info,
        SessionStatus.Held => Color.Success,
        _ => Color.Default,
    };

    /// <summary>The label of an audit action; actions of features added later show their code until they bring a label.</summary>
    public static string ActionLabel(IStringLocalizer localizer, string action)
    {
        var label = localizer["MedAction_" + action];
        return label.ResourceNotFound ? action : label.Value;
    }

    /// <summary>Every message of a refused operation as one line (field errors included), for forms that show one alert.</summary>
    public static string Describe(Exception exception, IStringLocalizer localizer) =>
        exception is Kernel.Errors.ValidationFailedException invalid ? string.Join(" ", invalid.Errors.SelectMany(e => e.Value)) : UiErrors.Describe(exception, localizer);

    /// <summary>Parses an HTML datetime-local value ("2026-11-26T14:30") as a time in China.</summary>
    public static DateTimeOffset? ParseLocal(string? value) =>
        DateTime.TryParseExact(value, ["yyyy-MM-ddTHH:mm", "yyyy-MM-ddTHH:mm:ss"], System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var local)
            ? ChinaTime.At(DateOnly.FromDateTime(local), TimeOnly.FromDateTime(local))
            : null;

    public static DateOnly? ParseDate(string? value) =>
        DateOnly.TryParseExact(value, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var date) ? date : null;
}
