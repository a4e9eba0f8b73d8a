using Fengqiao.Kernel.Audit;

namespace Fengqiao.Web.Platform.Audit;

public sealed record AuditFilter(string? Actor, string? Action, AuditOutcome? Outcome, DateTimeOffset? From, DateTimeOffset? To, int Page = 1, int PageSize = 50);
