namespace Fengqiao.Web.Platform.Audit;

/// <summary>A page of audit entries, newest first, with the total that matched.</summary>
public sealed record AuditPage(int Total, int Page, int PageSize, IReadOnlyList<AuditEntryView> Entries);
