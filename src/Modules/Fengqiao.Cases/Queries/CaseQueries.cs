using Fengqiao.Cases.Categories;
using Fengqiao.Cases.Domain;
using Fengqiao.Cases.Intake;
using Fengqiao.Cases.Workflow;
using Fengqiao.Kernel.Access;
using Fengqiao.Kernel.Data;
using Fengqiao.Kernel.Errors;
using Fengqiao.Kernel.Identity;
using Fengqiao.Kernel.Privacy;
using Microsoft.EntityFrameworkCore;

namespace Fengqiao.Cases.Queries;

/// <summary>Staff reads: queues with filters and counts, and the case page. Jurisdiction is applied by the DbContext.</summary>
public sealed class CaseQueries(FengqiaoDbContext db, ICurrentActor actor, CategoryCatalog catalog, PersonalDataProtector protector, TimeProvider time)
{
    public const int MaxPageSize = 200;

    /// <summary>
    /// Totals and queue counts are exact up to this many; beyond it they read <c>CountCap + 1</c> ("1000+"). An exact
    /// count of a street's million cases reads every matching row (over a second at 1 M, docs/benchmarks.md), and nobody
    /// pages through a thousand cases: they narrow the filters.
    /// </summary>
    public const int CountCap = 1000;

    public async Task<CasePage> ListAsync(CaseListQuery query, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var cases = Filtered(query, now);
        var pageSize = Math.Clamp(query.PageSize ?? 50, 1, MaxPageSize);
        var page = Math.Max(1, query.Page ?? 1);
        var total = await CappedCountAsync(cases, ct);
        var queue = query.Queue ?? CaseQueue.All;
        // The page's ids first, then its rows by key: the ordering indexes carry the id and unit path, so the first query
        // never reads the wide case rows it skips (docs/benchmarks.md, queues over 1,000,000 cases).
        var ids = queue == CaseQueue.Mine && db.Provider == DatabaseProvider.Sqlite
            ? await MinePageOnSqliteAsync(cases, (page - 1) * pageSize, pageSize, ct)
            : await PageIds(cases, queue, (page - 1) * pageSize, pageSize, broad: total > CountCap).ToListAsync(ct);
        var rows = (await db.Set<Case>().AsNoTracking().Where(c => ids.Contains(c.Id)).ToListAsync(ct)).ToDictionary(c => c.Id);
        var snapshot = await catalog.GetAsync(ct);
        return new CasePage([.. ids.Where(rows.ContainsKey).Select(id => Summary(rows[id], snapshot, now))], total, page, pageSize, total > CountCap);
    }

    /// <summary>At most <see cref="CountCap"/> + 1: <c>SELECT COUNT(*) FROM (… LIMIT 1001)</c> stops reading there.</summary>
    private static Task<int> CappedCountAsync(IQueryable<Case> cases, CancellationToken ct) => cases.Take(CountCap + 1).CountAsync(ct);

    /// <summary>
    /// Earliest stage deadline first, cases without one (suspended) last, then by report time. PostgreSQL sorts NULLs
    /// last in ascending order by itself, so a plain <c>ORDER BY "StageDueAt"</c> lets the (…, StageDueAt) indexes hand
    /// out the first page without sorting (the former <c>COALESCE(StageDueAt, max)</c> no index could serve). SQLite
    /// sorts NULLs first, so there the NULLs are put last explicitly — but only in 我的待办, the one queue that holds cases
    /// without a deadline (suspended ones). Every other deadline queue holds cases in a running stage, each with a
    /// deadline (<see cref="Case"/> sets one whenever a stage starts; 已超期 asks <c>StageDueAt &lt; now</c>), and there
    /// the extra <c>"StageDueAt" IS NULL</c> term only made SQLite fetch and sort the whole queue instead of walking the
    /// (Status, StageDueAt, …) or open-deadline index (4,931 to-dispatch cases: 54 ms; 95,000 overdue: 0.7 s at 1 M).
    /// </summary>
    private IOrderedQueryable<Case> ByDeadline(IQueryable<Case> cases, CaseQueue queue) =>
        db.Provider == DatabaseProvider.PostgreSql || queue != CaseQueue.Mine
            ? cases.OrderBy(c => c.StageDueAt).ThenBy(c => c.ReportedAt)
            : cases.OrderBy(c => c.StageDueAt == null).ThenBy(c => c.StageDueAt).ThenBy(c => c.ReportedAt);

    /// <summary>
    /// 我的待办 on SQLite, in the order of <see cref="ByDeadline"/>, as two index walks: the cases with a deadline in
    /// deadline order (<c>IX_cases_Open_HolderUnitCode_StageDueAt</c>, stops after the page), then the suspended ones
    /// without a deadline by report time. One <c>ORDER BY "StageDueAt" IS NULL, …</c> fetched and sorted the holder's
    /// whole queue (a street's 7,771 open cases: 30–60 ms at 1 M, ADR 0021). The second walk runs only when the page
    /// reaches past the cases with a deadline, and counts those only when the page starts past them.
    /// </summary>
    private static async Task<List<Guid>> MinePageOnSqliteAsync(IQueryable<Case> cases, int skip, int take, CancellationToken ct)
    {
        var dated = cases.Where(c => c.StageDueAt != null);
        var ids = await MineWithDeadlinePageIds(cases, skip, take).ToListAsync(ct);
        if (ids.Count == take)
        {
            return ids;
        }

        var datedCount = ids.Count > 0 ? skip + ids.Count : await dated.CountAsync(ct);
        ids.AddRange(await cases.Where(c => c.StageDueAt == null).OrderBy(c => c.ReportedAt)
            .Skip(Math.Max(0, skip - datedCount)).Take(take - ids.Count).Select(c => c.Id).ToListAsync(ct));
        return ids;
    }

    /// <summary>
    /// The ids of one page of a queue in its order (every queue but 我的待办 on SQLite, see below). A page in time order
    /// whose total passed the cap (<paramref name="broad"/>) is tagged for SQLite's planner as a broad jurisdiction
    /// (ADR 0021): its newest cases are found by walking the (ReportedAt, UnitPath, Id) index, where a unit-path range
    /// would read and sort all of them (a grid with 9,500 cases: 27–71 ms instead of 0.7 ms at 1 M). A unit with few
    /// rows keeps the range: a walk would pass over the whole index looking for them.
    /// </summary>
    internal IQueryable<Guid> PageIds(IQueryable<Case> cases, CaseQueue queue, int skip, int take, bool broad)
    {
        var ordered = queue is CaseQueue.Closed or CaseQueue.All
            ? (broad ? cases.TagWith(SqlitePlannerHints.WalkTag) : cases).OrderByDescending(c => c.ReportedAt)
            : ByDeadline(cases, queue);
        return ordered.Skip(skip).Take(take).Select(c => c.Id);
    }

    /// <summary>我的待办 on SQLite, first walk: the page's cases with a deadline, in deadline order.</summary>
    internal static IQueryable<Guid> MineWithDeadlinePageIds(IQueryable<Case> cases, int skip, int take) =>
        cases.Where(c => c.StageDueAt != null).OrderBy(c => c.StageDueAt).ThenBy(c => c.ReportedAt).Skip(skip).Take(take).Select(c => c.Id);

    /// <summary>The queue with its filters applied (jurisdiction by the DbContext); also read by the console's map.</summary>
    internal IQueryable<Case> Filtered(CaseListQuery query, DateTimeOffset now)
    {
        if (query.From is { } from && query.To is { } to && from >= to)
        {
            throw new ValidationFailedException("to", "上报日期的结束日期须晚于开始日期。");
        }

        return Filter(Queue(db.Set<Case>().AsNoTracking(), query.Queue ?? CaseQueue.All, now), query, now);
    }

    public async Task<QueueCounts> CountsAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var all = db.Set<Case>().AsNoTracking();
        // PostgreSQL takes instants in UTC only.
        var endOfDay = Kernel.Time.ChinaTime.At(DateOnly.FromDateTime(Kernel.Time.ChinaTime.ToLocal(now).DateTime).AddDays(1), TimeOnly.MinValue).ToUniversalTime();
        var mine = Queue(all, CaseQueue.Mine, now);
        return new QueueCounts(
            await CappedCountAsync(Queue(all, CaseQueue.Triage, now), ct),
            await CappedCountAsync(Queue(all, CaseQueue.ToFile, now), ct),
            await CappedCountAsync(Queue(all, CaseQueue.ToDispatch, now), ct),
            await CappedCountAsync(mine, ct),
            await CappedCountAsync(mine.Where(c => c.StageDueAt != null && c.StageDueAt < endOfDay && c.StageDueAt >= now), ct),
            await CappedCountAsync(Queue(all, CaseQueue.Overdue, now), ct),
            await CappedCountAsync(Queue(all, CaseQueue.ToVerify, now), ct),
            await CappedCountAsync(Queue(all, CaseQueue.Approvals, now), ct),
            CountCap);
    }

    public async Task<CaseDetail> GetAsync(Guid id, CancellationToken ct)
    {
        // Staff of a unit the case also involves (跨社区) reach it too.
        var c = await Coordination.InvolvedCases.FindAsync(db, id, ct, withTimeline: true) ?? throw new NotFoundException("案件");
        return await DetailAsync(c, ct);
    }

    public async Task<CaseDetail> GetByCodeAsync(string trackingCode, CancellationToken ct)
    {
        var code = TrackingCodes.Normalise(trackingCode) ?? throw new NotFoundException("案件");
        var id = await db.Set<Case>().Where(x => x.TrackingCode == code).Select(x => (Guid?)x.Id).SingleOrDefaultAsync(ct) ?? throw new NotFoundException("案件");
        return await GetAsync(id, ct);
    }

    private async Task<CaseDetail> DetailAsync(Case c, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var snapshot = await catalog.GetAsync(ct);
        var linked = new[] { c.PossibleDuplicateOfId, c.MergedIntoId }.Where(x => x is not null).Select(x => x!.Value).ToList();

        // Linked cases may lie in a neighbouring jurisdiction; only their tracking codes are read.
        var codes = linked.Count == 0 ? [] : await db.Set<Case>().IgnoreQueryFilters().Where(x => linked.Contains(x.Id)).ToDictionaryAsync(x => x.Id, x => x.TrackingCode, ct);
        var dispatch = c.Actions.Where(a => a.Kind == CaseActionKinds.Dispatch).MaxBy(a => a.Sequence);

        // Open311 media_url: a picture the civic app keeps on its own server (validated http(s) on submission).
        var mediaUrl = c.Channel == CaseChannel.Open311
            ? await db.Set<Open311.Open311Submission>().AsNoTracking().Where(x => x.CaseId == c.Id).Select(x => x.MediaUrl).FirstOrDefaultAsync(ct)
            : null;
        return new CaseDetail(
            Summary(c, snapshot, now), c.Description, c.Address, c.IsPrivatePlace, c.OutsideGrids, c.DistanceToGridMetres,
            c.ReporterNameCipher is null ? null : Masking.PersonName(protector.Decrypt(Intake.ReportCase.ReporterNameField, c.ReporterNameCipher)),
            c.ReporterPhoneCipher is null ? null : Masking.Phone(protector.Decrypt(Intake.ReportCase.ReporterPhoneField, c.ReporterPhoneCipher)),
            c.IsAnonymous, c.AnswersJson, c.SuggestedLabel, c.SuggestedCategoryCode, c.Confidence,
            c.PossibleDuplicateOfId is { } d ? codes.GetValueOrDefault(d) : null,
            c.MergedIntoId is { } m ? codes.GetValueOrDefault(m) : null,
            dispatch?.Note, c.Stage == CaseStage.None ? null : c.StageStartedAt, c.StageDueSoonAt,
            c.PendingApproval, c.PendingApprovalReason, c.PendingExtension?.ToString(), c.ResolvedLevel, c.ResolvedUnitCode, c.CloseType,
            c.Rating, c.RatingComment, c.FollowerCount, c.ReworkCount, c.ReturnCount, c.EscalationCount, c.IsPublic,
            [.. c.Actions.OrderBy(a => a.Sequence).Select(a => new CaseActionView(a.Sequence, a.Kind, a.ActorName, a.ActorRole, a.ActorUnitCode, a.At, a.StatusAfter, a.Note, a.PublicNote))],
            [.. c.TierSteps.OrderBy(s => s.Sequence).Select(s => new CaseTierView(s.Sequence, s.Level, s.UnitCode, s.DepartmentCode, s.How, s.Reason, s.EnteredAt, s.LeftAt))],
            Allowed(c) with { CoordinationReply = await Coordination.ReplyToCoordination.MayReplyAsync(db, actor, c, ct) && c.Status is not (CaseStatus.Closed or CaseStatus.Rejected or CaseStatus.Reported) },
            mediaUrl);
    }

    private AllowedSteps Allowed(Case c)
    {
        var dispatcher = CaseAccess.IsDispatcher(actor, c);
        var holder = CaseAccess.IsHolder(actor, c);
        var above = CaseAccess.IsAboveHolder(actor, c);
        var s = c.Status;
        return new AllowedSteps(
            File: dispatcher && s == CaseStatus.Reported,
            Reject: dispatcher && s == CaseStatus.Reported,
            Dispatch: dispatcher && s == CaseStatus.Filed,
            Accept: holder && s == CaseStatus.Dispatched,
            Return: holder && s == CaseStatus.Dispatched,
            Progress: holder && s == CaseStatus.InProgress,
            RequestClose: holder && s == CaseStatus.InProgress,
            Verify: CaseAccess.IsVerifier(actor, c) && s == CaseStatus.AwaitingVerification && c.DisposedByUserId != actor.UserId,
            Escalate: holder && s is CaseStatus.Dispatched or CaseStatus.InProgress && c.HolderLevel > Kernel.Units.UnitLevel.County && c.AssignedDepartmentCode is null,
            HandDown: holder && s is CaseStatus.Dispatched or CaseStatus.InProgress && c.HolderLevel < Kernel.Units.UnitLevel.Grid,
            RequestExtension: holder && s == CaseStatus.InProgress && c.PendingApproval is null,
            RequestSuspension: holder && s == CaseStatus.InProgress && c.PendingApproval is null,
            Decide: above && c.PendingApproval is not null,
            Resume: (holder || above) && s == CaseStatus.Suspended,
            Supervise: CaseAccess.IsSupervisor(actor, c) && s is not (CaseStatus.Closed or CaseStatus.Rejected or CaseStatus.Reported),
            Recategorise: dispatcher && s is CaseStatus.Reported or CaseStatus.Filed or CaseStatus.Dispatched or CaseStatus.InProgress);
    }

    private IQueryable<Case> Queue(IQueryable<Case> cases, CaseQueue queue, DateTimeOffset now)
    {
        var units = actor.UnitCodes.ToList();
        var departments = actor.IsInRole(Roles.DepartmentHandler)
            ? actor.Scope.DepartmentKeys.Select(k => k[..k.IndexOf(':', StringComparison.Ordinal)]).Distinct().ToList()
            : [];
        var isAdmin = actor.IsInRole(Roles.Administrator);
        return queue switch
        {
            CaseQueue.Triage => cases.Where(c => c.Status == CaseStatus.Reported && c.TriageReasons != null),
            CaseQueue.ToFile => cases.Where(c => c.Status == CaseStatus.Reported),
            CaseQueue.ToDispatch => cases.Where(c => c.Status == CaseStatus.Filed),
            CaseQueue.Mine => Mine(cases, units, departments, isAdmin),
            CaseQueue.ToVerify => cases.Where(c => c.Status == CaseStatus.AwaitingVerification),
            CaseQueue.Overdue => cases.Where(c => c.Stage != CaseStage.None && c.Status != CaseStatus.Suspended && c.StageDueAt < now),
            CaseQueue.Approvals => cases.Where(c => c.PendingApproval != null && (c.HolderUnitCode == null || !units.Contains(c.HolderUnitCode))),
            CaseQueue.Closed => cases.Where(c => c.Status == CaseStatus.Closed),
            _ => cases,
        };
    }

    /// <summary>
    /// 我的待办: open cases held by the caller's unit, or assigned to the caller's department. Written as the narrowest
    /// predicate for the caller — no branch for what the caller is not, equality for a single unit — because the planner
    /// cannot see through an OR with an empty list or <c>= ANY(@units)</c>: that form read every open case of the county
    /// and sorted them (0.6 s at 1 M cases), this one walks <c>IX_cases_Open_HolderUnitCode_StageDueAt</c> (0.5 ms).
    /// </summary>
    private static IQueryable<Case> Mine(IQueryable<Case> cases, List<string> units, List<string> departments, bool isAdmin)
    {
        var open = cases.Where(c => c.Status == CaseStatus.Dispatched || c.Status == CaseStatus.InProgress || c.Status == CaseStatus.Suspended);
        if (isAdmin)
        {
            return open;
        }

        if (units.Count > 0 && departments.Count > 0)
        {
            return open.Where(c => (c.AssignedDepartmentCode == null && c.HolderUnitCode != null && units.Contains(c.HolderUnitCode))
                || (c.AssignedDepartmentCode != null && departments.Contains(c.AssignedDepartmentCode)));
        }

        if (departments.Count > 0)
        {
            var department = departments[0];
            return departments.Count == 1
                ? open.Where(c => c.AssignedDepartmentCode == department)
                : open.Where(c => c.AssignedDepartmentCode != null && departments.Contains(c.AssignedDepartmentCode));
        }

        if (units.Count == 1)
        {
            var unit = units[0];
            return open.Where(c => c.AssignedDepartmentCode == null && c.HolderUnitCode == unit);
        }

        return units.Count > 1
            ? open.Where(c => c.AssignedDepartmentCode == null && c.HolderUnitCode != null && units.Contains(c.HolderUnitCode))
            : open.Where(c => false);
    }

    private static IQueryable<Case> Filter(IQueryable<Case> cases, CaseListQuery q, DateTimeOffset now)
    {
        if (q.Status is { } status)
        {
            cases = cases.Where(c => c.Status == status);
        }

        if (!string.IsNullOrWhiteSpace(q.Category))
        {
            var code = q.Category.Trim();
            // An unfiled report is matched by the category it is expected to be filed under (the reporter's or the classifier's).
            cases = cases.Where(c => (c.CategoryCode ?? c.SuggestedCategoryCode)!.StartsWith(code));
        }

        if (!string.IsNullOrWhiteSpace(q.Unit))
        {
            var unit = "/" + q.Unit.Trim() + "/";
            cases = cases.Where(c => c.UnitPath.Contains(unit));
        }

        if (!string.IsNullOrWhiteSpace(q.Grid))
        {
            var grid = q.Grid.Trim();
            cases = cases.Where(c => c.GridCode == grid);
        }

        if (q.Channel is { } channel)
        {
            cases = cases.Where(c => c.Channel == channel);
        }

        if (q.Deadline is { } deadline)
        {
            cases = deadline switch
            {
                DeadlineState.Overdue => cases.Where(c => c.Stage != CaseStage.None && c.StageDueAt < now),
                DeadlineState.DueSoon => cases.Where(c => c.Stage != CaseStage.None && c.StageDueSoonAt <= now && c.StageDueAt >= now),
                _ => cases.Where(c => c.Stage == CaseStage.None || c.StageDueSoonAt > now),
            };
        }

        if (!string.IsNullOrWhiteSpace(q.Text))
        {
            var text = q.Text.Trim();
            var code = TrackingCodes.Normalise(text);
            cases = code is not null ? cases.Where(c => c.TrackingCode == code) : cases.Where(c => c.Title.Contains(text) || (c.Address != null && c.Address.Contains(text)));
        }

        if (q.From is { } from)
        {
            var fromUtc = from.ToUniversalTime();
            cases = cases.Where(c => c.ReportedAt >= fromUtc);
        }

        if (q.To is { } to)
        {
            var toUtc = to.ToUniversalTime();
            cases = cases.Where(c => c.ReportedAt < toUtc);
        }

        return cases;
    }

    private static CaseSummary Summary(Case c, CatalogSnapshot snapshot, DateTimeOffset now)
    {
        var category = c.CategoryCode is null ? null : snapshot.Find(c.CategoryCode);
        return new CaseSummary(
            c.Id, c.TrackingCode, c.Title, c.CategoryCode, category is null ? null : snapshot.PathName(category), c.Status, c.Stage,
            c.DeadlineStateAt(now), c.StageDueAt, c.Card, c.HolderLevel, c.HolderUnitCode, c.AssignedDepartmentCode, c.GridCode, c.CommunityCode,
            c.Channel, c.NeedsTriage, c.TriageReasons, c.ReportedAt, c.Longitude, c.Latitude, c.Version);
    }
}

/// <summary>Queue and filters of a staff list (all optional).</summary>
public sealed record CaseListQuery(
    CaseQueue? Queue, CaseStatus? Status, string? Category, string? Unit, CaseChannel? Channel, DeadlineState? Deadline, string? Text,
    DateTimeOffset? From, DateTimeOffset? To, int? Page, int? PageSize, string? Grid = null);
