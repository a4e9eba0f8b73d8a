using Fengqiao.Kernel.Access;
using Fengqiao.Kernel.Audit;
using Fengqiao.Kernel.Data;
using Fengqiao.Kernel.Errors;
using Fengqiao.Kernel.Identity;
using Fengqiao.Mediation.Disputes;
using Fengqiao.Mediation.Statistics;
using Microsoft.EntityFrameworkCore;

namespace Fengqiao.Mediation.Systemic;

/// <summary>
/// Lists and tracks systemic issues within the caller's jurisdiction (the addressed unit's path): acknowledge (签收),
/// record actions taken (处理措施), resolve with a note (办结), reopen. A unit outside the caller's reach gets 404.
/// </summary>
public sealed class ManageSystemicIssues(FengqiaoDbContext db, ICurrentActor actor, IAuditTrail audit, TimeProvider clock, DisputeAccess access)
{
    public const string AcknowledgeAction = "mediation.systemic.acknowledge";
    public const string ActAction = "mediation.systemic.action";
    public const string ResolveAction = "mediation.systemic.resolve";
    public const string ReopenAction = "mediation.systemic.reopen";

    /// <summary>Roles that work on systemic issues (the units that can address causes, and oversight).</summary>
    public static IReadOnlyList<string> ActorRoles { get; } = [Roles.CommunityWorker, Roles.StreetOfficer, Roles.Supervisor, Roles.Administrator];

    public async Task<IReadOnlyList<SystemicIssueSummary>> ListAsync(SystemicIssueStatus? status, SystemicIssueKind? kind, string? unit, CancellationToken cancellationToken)
    {
        access.EnsureReader();
        var issues = db.Set<SystemicIssue>().AsNoTracking();
        if (status is { } s)
        {
            issues = issues.Where(i => i.Status == s);
        }

        if (kind is { } k)
        {
            issues = issues.Where(i => i.Kind == k);
        }

        if (!string.IsNullOrWhiteSpace(unit))
        {
            var code = unit.Trim();
            var path = await db.Units.Where(u => u.Code == code).Select(u => u.Path).SingleOrDefaultAsync(cancellationToken) ?? throw new NotFoundException($"单位 {code}");
            issues = issues.Where(i => i.UnitPath.StartsWith(path));
        }

        var rows = await issues
            .OrderBy(i => i.Status == SystemicIssueStatus.Resolved).ThenByDescending(i => i.RaisedAt)
            .Take(500)
            .Select(i => new { i.Id, i.Kind, i.Title, i.Status, i.UnitCode, i.UnitName, i.AddressedTier, Cases = i.Cases.Count, i.RaisedAt, i.UpdatedAt })
            .ToListAsync(cancellationToken);
        return [.. rows.Select(r => new SystemicIssueSummary(
            r.Id, r.Kind, r.Kind.DisplayName(), r.Title, r.Status, r.Status.DisplayName(), r.UnitCode, r.UnitName, r.AddressedTier, r.AddressedTier.TierName(), r.Cases,
            r.RaisedAt, r.UpdatedAt))];
    }

    public async Task<SystemicIssueDetail> GetAsync(Guid id, CancellationToken cancellationToken)
    {
        access.EnsureReader();
        var issue = await db.Set<SystemicIssue>().AsNoTracking().Include(i => i.Cases).Include(i => i.Entries).AsSplitQuery()
            .SingleOrDefaultAsync(i => i.Id == id, cancellationToken) ?? throw new NotFoundException("该系统性问题");
        var ids = issue.Cases.Select(c => c.CaseId).ToList();

        // Linked disputes the caller may not open (another committee for a mediator) show their number only.
        var visible = await (await access.CasesAsync(cancellationToken)).AsNoTracking().Where(c => ids.Contains(c.Id))
            .Select(c => new { c.Id, c.Title, c.Type, c.Status, c.CommitteeName, c.AcceptedOn, c.RiskLevel })
            .ToDictionaryAsync(c => c.Id, cancellationToken);
        var cases = issue.Cases.OrderBy(c => c.LinkedAt).ThenBy(c => c.CaseNumber)
            .Select(c => visible.TryGetValue(c.CaseId, out var v)
                ? new LinkedCase(c.CaseId, c.CaseNumber, true, v.Title, v.Type, v.Type.DisplayName(), v.Status, v.Status.DisplayName(), v.CommitteeName, v.AcceptedOn, v.RiskLevel)
                : new LinkedCase(c.CaseId, c.CaseNumber, false, null, null, null, null, null, null, null, null))
            .ToList();
        return new SystemicIssueDetail(
            issue.Id, issue.Kind, issue.Kind.DisplayName(), issue.Title, issue.Finding, issue.Type, issue.Type?.DisplayName(), issue.OrganisationName, issue.Address,
            issue.Status, issue.Status.DisplayName(), issue.UnitCode, issue.UnitName, issue.AddressedTier, issue.AddressedTier.TierName(), issue.RaisedAt,
            issue.AcknowledgedAt, issue.ResolvedAt, issue.ResolutionNote, issue.Reopened, issue.Version, cases,
            [.. issue.Entries.OrderBy(e => e.At).ThenBy(e => e.Id).Select(e => new IssueEntry(e.Kind, e.Note, e.ActorName, e.At))]);
    }

    public Task<SystemicIssueDetail> AcknowledgeAsync(Guid id, IssueNoteRequest request, CancellationToken cancellationToken) =>
        ChangeAsync(id, request, noteRequired: false, AcknowledgeAction, (issue, note, at) =>
        {
            issue.Acknowledge(actor.Name, note, at);
            return "签收";
        }, cancellationToken);

    public Task<SystemicIssueDetail> ActAsync(Guid id, IssueNoteRequest request, CancellationToken cancellationToken) =>
        ChangeAsync(id, request, noteRequired: true, ActAction, (issue, note, at) =>
        {
            issue.RecordAction(actor.Name, note!, at);
            return "记录处理措施";
        }, cancellationToken);

    public Task<SystemicIssueDetail> ResolveAsync(Guid id, IssueNoteRequest request, CancellationToken cancellationToken) =>
        ChangeAsync(id, request, noteRequired: true, ResolveAction, (issue, note, at) =>
        {
            issue.Resolve(actor.Name, note!, at);
            return "办结";
        }, cancellationToken);

    public Task<SystemicIssueDetail> ReopenAsync(Guid id, IssueNoteRequest request, CancellationToken cancellationToken) =>
        ChangeAsync(id, request, noteRequired: true, ReopenAction, (issue, note, at) =>
        {
            issue.Reopen(actor.Name, note!, at);
            return "重新打开";
        }, cancellationToken);

    private async Task<SystemicIssueDetail> ChangeAsync(
        Guid id, IssueNoteRequest request, bool noteRequired, string action, Func<SystemicIssue, string?, DateTimeOffset, string> change, CancellationToken cancellationToken)
    {
        if (!ActorRoles.Any(actor.IsInRole) && !actor.Scope.Unrestricted)
        {
            throw new ForbiddenException("只有社区、街道工作人员、督办人员和管理员可以办理系统性问题。");
        }

        var note = string.IsNullOrWhiteSpace(request.Note) ? null : request.Note.Trim();
        var errors = new Dictionary<string, string[]>();
        if (noteRequired && note is null)
        {
            errors["note"] = [action == ResolveAction ? "办结须说明采取的源头治理措施和结果。" : "请填写说明。"];
        }
        else if (note is { Length: > SystemicIssue.MaxNoteLength })
        {
            errors["note"] = [$"说明不能超过 {SystemicIssue.MaxNoteLength} 个字。"];
        }

        if (request.Version is null)
        {
            errors["version"] = ["请带上读取时的版本号（version），以免覆盖他人的修改。"];
        }

        if (errors.Count > 0)
        {
            throw new ValidationFailedException(errors);
        }

        var issue = await db.Set<SystemicIssue>().SingleOrDefaultAsync(i => i.Id == id, cancellationToken) ?? throw new NotFoundException("该系统性问题");
        if (issue.Version != request.Version)
        {
            throw new ConflictException("该问题已被他人修改，请刷新后重试。");
        }

        db.Entry(issue).Property(i => i.Version).OriginalValue = request.Version.Value;
        var what = change(issue, note, clock.GetUtcNow());

        // The issue was read without its history, so every entry it holds now is the new one.
        foreach (var entry in issue.Entries)
        {
            db.Entry(entry).State = EntityState.Added;
        }

        audit.Record(action, SystemicDetector.Target(issue.Id), issue.UnitPath, $"{issue.Title}：{what}{(note is null ? "" : "，" + note)}");
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new ConflictException("该问题已被他人修改，请刷新后重试。");
        }
        catch (DbUpdateException ex) when (db.IsUniqueViolation<SystemicIssue>(ex, nameof(SystemicIssue.OpenKey)))
        {
            throw new ConflictException("同一问题已有新的未解决记录，不能重新打开此条；请在新记录中继续办理。");
        }

        return await GetAsync(id, cancellationToken);
    }
}

public sealed record IssueNoteRequest(long? Version, string? Note);

public sealed record SystemicIssueSummary(
    Guid Id, SystemicIssueKind Kind, string KindName, string Title, SystemicIssueStatus Status, string StatusName, string UnitCode, string UnitName,
    Committees.MediationTier AddressedTier, string AddressedTierName, int CaseCount, DateTimeOffset RaisedAt, DateTimeOffset UpdatedAt);

public sealed record SystemicIssueDetail(
    Guid Id, SystemicIssueKind Kind, string KindName, string Title, string Finding, DisputeType? Type, string? TypeName, string? OrganisationName, string? Address,
    SystemicIssueStatus Status, string StatusName, string UnitCode, string UnitName, Committees.MediationTier AddressedTier, string AddressedTierName,
    DateTimeOffset RaisedAt, DateTimeOffset? AcknowledgedAt, DateTimeOffset? ResolvedAt, string? ResolutionNote, int Reopened, long Version,
    IReadOnlyList<LinkedCase> Cases, IReadOnlyList<IssueEntry> Entries);

/// <summary>A linked dispute; <see cref="Visible"/> false (number only) when the caller may not open it.</summary>
public sealed record LinkedCase(
    Guid CaseId, string Number, bool Visible, string? Title, DisputeType? Type, string? TypeName, DisputeStatus? Status, string? StatusName, string? CommitteeName,
    DateOnly? AcceptedOn, RiskLevel? RiskLevel);

public sealed record IssueEntry(SystemicEntryKind Kind, string Note, string ActorName, DateTimeOffset At);
