namespace Fengqiao.Web.Platform.Units;

/// <summary>The public card of a unit; <see cref="Version"/> is the one the editor started from (required).</summary>
public sealed record UpdatePublicCardRequest(string? DutyPhone, string? ServiceHours, string? PublicNotice, long? Version);
