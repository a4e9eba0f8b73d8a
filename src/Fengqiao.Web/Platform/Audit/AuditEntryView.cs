using Fengqiao.Kernel.Audit;

namespace Fengqiao.Web.Platform.Audit;

public sealed record AuditEntryView(
    long Sequence, DateTimeOffset OccurredAt, string ActorName, string? Role, string? UnitCode, string Action, string Target,
    AuditOutcome Outcome, string? IpAddress, string? Detail, string Hash);
