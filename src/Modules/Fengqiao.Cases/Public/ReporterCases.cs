using Fengqiao.Cases.Categories;
using Fengqiao.Cases.Deadlines;
using Fengqiao.Cases.Domain;
using Fengqiao.Cases.Intake;
using Fengqiao.Kernel.Access;
using Fengqiao.Kernel.Audit;
using Fengqiao.Kernel.Data;
using Fengqiao.Kernel.Errors;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Fengqiao.Cases.Public;

/// <summary>
/// What a reporter can do with a tracking code and no account: follow progress, rate after closing, reopen within the
/// window, and "me too" on a public case instead of reporting a duplicate. The code is the secret; these reads lift the
/// jurisdiction filter on the cases table only.
/// </summary>
public sealed class ReporterCases(FengqiaoDbContext db, ICurrentActor actor, IAuditTrail audit, CaseClock clocks, CategoryCatalog catalog, DuplicateFinder finder, IOptionsMonitor<DeadlineOptions> deadlines, TimeProvider time)
{
    public async Task<CaseStatusView> StatusAsync(string trackingCode, CancellationToken ct)
    {
        var c = await FindAsync(trackingCode, tracked: false, ct);
        var actions = await db.Set<CaseAction>().AsNoTracking().Where(a => a.CaseId == c.Id && a.PublicNote != null).OrderBy(a => a.Sequence).ToListAsync(ct);
        var snapshot = await catalog.GetAsync(ct);
        var now = time.GetUtcNow();
        var options = deadlines.CurrentValue;
        return new CaseStatusView(
            c.TrackingCode, PublicCases.PublicTitle(c.Title), c.PublicDescription, CategoryName(c, snapshot), c.Status, CaseText.Status(c.Status), StepIndex(c), c.ReportedAt, c.ClosedAt,
            c.HolderLevel is { } level ? CaseText.Tier(level) : null, c.ResolvedLevel is { } resolved ? CaseText.Tier(resolved) : null, c.Rating, c.RatingComment,
            c.Status == CaseStatus.Closed && c.Rating is null && c.ClosedAt is { } closed && now <= closed.AddDays(options.RatingWindowDays),
            c.Status == CaseStatus.Closed && c.ClosedAt is { } closedAt && now <= closedAt.AddDays(options.ReopenWindowDays),
            c.FollowerCount,
            [.. actions.Select(a => new PublicStep(a.At, a.Kind, a.PublicNote!))]);
    }

    public Task RateAsync(string trackingCode, RateRequest request, CancellationToken ct) =>
        ActAsync(trackingCode, "cases.rate", async (c, clock) =>
        {
            if (request.Score is not { } score)
            {
                throw new ValidationFailedException("score", "请选择 1 至 5 星。");
            }

            if (request.Comment is { Length: > 500 })
            {
                throw new ValidationFailedException("comment", "评价内容不能超过 500 个字。");
            }

            c.Rate(score, request.Comment, Reporter(), clock);
            await Task.CompletedTask;
        }, ct);

    public Task ReopenAsync(string trackingCode, ReopenRequest request, CancellationToken ct) =>
        ActAsync(trackingCode, "cases.reopen", async (c, clock) =>
        {
            if (request.Reason is { Length: > 500 })
            {
                throw new ValidationFailedException("reason", "理由不能超过 500 个字。");
            }

            await db.Entry(c).Collection(x => x.TierSteps).LoadAsync(ct);
            c.Reopen(request.Reason?.Trim() ?? "", Reporter(), clock);
        }, ct);

    /// <summary>我也遇到: follows a public open case; returns the new follower count.</summary>
    public async Task<int> FollowAsync(string trackingCode, CancellationToken ct)
    {
        var count = 0;
        await ActAsync(trackingCode, "cases.follow", (c, clock) =>
        {
            if (!c.IsPublic || c.Status is CaseStatus.Closed or CaseStatus.Rejected)
            {
                throw new ConflictException("只能关注未办结的公开案件。");
            }

            c.AddFollower(Reporter(), clock);
            count = c.FollowerCount;
            return Task.CompletedTask;
        }, ct);
        return count;
    }

    /// <summary>Public open cases near a point, offered before filing so that people follow instead of duplicating.</summary>
    public async Task<IReadOnlyList<NearbyPublicCase>> NearbyAsync(double longitude, double latitude, double radiusMetres, CancellationToken ct)
    {
        if (!double.IsFinite(longitude) || !double.IsFinite(latitude) || longitude is < -180 or > 180 || latitude is < -90 or > 90)
        {
            throw new ValidationFailedException("location", "坐标无效。");
        }

        var radius = Math.Clamp(radiusMetres, 10, 1000);
        var snapshot = await catalog.GetAsync(ct);
        var nearby = await finder.NearbyAsync(longitude, latitude, time.GetUtcNow().AddDays(-30), radius, publicOnly: true, ct);
        return [.. nearby.Take(20).Select(n => new NearbyPublicCase(
            n.TrackingCode, PublicCases.PublicTitle(n.Title), n.CategoryCode is { } code && snapshot.Find(code) is { } cat ? snapshot.PathName(cat) : null, n.Status,
            Math.Round(n.DistanceMetres), n.FollowerCount, n.ReportedAt))];
    }

    private async Task ActAsync(string trackingCode, string action, Func<Case, StageClock, Task> step, CancellationToken ct)
    {
        var c = await FindAsync(trackingCode, tracked: true, ct);
        var clock = await clocks.NowAsync(ct);
        var loadedVersion = c.Version;
        await step(c, clock);
        audit.Record(action, c.TrackingCode, c.UnitPath);
        await Workflow.CaseWrites.SaveAsync(db, c.Id, loadedVersion, ct);
    }

    private async Task<Case> FindAsync(string trackingCode, bool tracked, CancellationToken ct)
    {
        var code = TrackingCodes.Normalise(trackingCode) ?? throw new NotFoundException("该查询码对应的案件");
        var query = db.Set<Case>().IgnoreQueryFilters();
        return await (tracked ? query : query.AsNoTracking()).SingleOrDefaultAsync(c => c.TrackingCode == code, ct)
            ?? throw new NotFoundException("该查询码对应的案件");
    }

    private ActorStamp Reporter() => ActorStamp.Reporter(actor.UserId, actor.UserId is null ? "上报人" : actor.Name);

    private static string? CategoryName(Case c, CatalogSnapshot snapshot) =>
        c.CategoryCode is { } code && snapshot.Find(code) is { } category ? snapshot.PathName(category) : null;

    /// <summary>Position on the step bar 上报 → 立案 → 派遣 → 处置 → 核查 → 结案 → 评价.</summary>
    public static int StepIndex(Case c) => c.Status switch
    {
        CaseStatus.Reported or CaseStatus.Rejected => 0,
        CaseStatus.Filed => 1,
        CaseStatus.Dispatched => 2,
        CaseStatus.InProgress or CaseStatus.Suspended => 3,
        CaseStatus.AwaitingVerification => 4,
        CaseStatus.Closed when c.Rating is null => 5,
        _ => 6,
    };

}
