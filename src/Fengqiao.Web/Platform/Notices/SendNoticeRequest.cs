namespace Fengqiao.Web.Platform.Notices;

/// <summary>A notice to the staff of <see cref="UnitCode"/> and everything below it; empty roles means all staff.</summary>
public sealed record SendNoticeRequest(string UnitCode, string Title, string Body, IReadOnlyList<string>? Roles);
