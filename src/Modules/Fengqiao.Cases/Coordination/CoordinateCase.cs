using Fengqiao.Cases.Deadlines;
using Fengqiao.Cases.Domain;
using Fengqiao.Cases.Workflow;
using Fengqiao.Kernel.Access;
using Fengqiao.Kernel.Audit;
using Fengqiao.Kernel.Data;
using Fengqiao.Kernel.Errors;
using Fengqiao.Kernel.Identity;
using Fengqiao.Kernel.Units;
using Microsoft.EntityFrameworkCore;

namespace Fengqiao.Cases.Coordination;

/// <summary>添加涉及单位: <see cref="Version"/> is the case version the person saw; <see cref="UnitCodes"/> are grid,
/// community or street codes.</summary>
public sealed record InvolveUnitsRequest(long? Version, IReadOnlyList<string>? UnitCodes, string? Reason);

/// <summary>A case's involved units and its coordinating owner.</summary>
public sealed record CaseCoordinationView(Guid CaseId, string TrackingCode, string? CoordinatorUnitCode, UnitLevel? CoordinatorLevel, IReadOnlyList<InvolvedUnitView> Units);

public sealed record InvolvedUnitView(string UnitCode, string UnitName, UnitLevel Level, string Reason, DateTimeOffset AddedAt, string AddedBy);

/// <summary>
/// 跨网格/跨社区协调: staff add the units a case also touches, with a reason. The coordinating owner is the lowest common
/// ancestor (最近共同上级) of the case's own unit and every involved unit; the case moves up to it when it is above the
/// holder. Involved units' staff reach the case through <see cref="CaseInvolvedUnit"/> rows (their jurisdiction), and
/// the step is on the timeline and in the tier record like any other.
/// </summary>
public sealed class CoordinateCase(FengqiaoDbContext db, ICurrentActor actor, IAuditTrail audit, CaseClock clocks)
{
    public const string Action = "cases.coordinate";
    public const int MaxUnitsPerStep = 10;

    public async Task<CaseStepResult> InvolveAsync(Guid id, InvolveUnitsRequest request, CancellationToken ct)
    {
        var @case = await db.Set<Case>().Include(c => c.TierSteps).SingleOrDefaultAsync(c => c.Id == id, ct)
            ?? throw new NotFoundException("案件");
        if (!CaseAccess.IsDispatcher(actor, @case) && !CaseAccess.IsHolder(actor, @case))
        {
            await audit.RecordRefusalAsync(Action, @case.TrackingCode, AuditOutcome.Denied, "无权添加涉及单位", @case.UnitPath, ct);
            throw new ForbiddenException("您不能为此案件添加涉及单位：须由案件所在社区或上级的受理人员，或当前承办单位办理。");
        }

        if (request.Version is { } expected && expected != @case.Version)
        {
            throw new ConflictException($"案件已被他人处理（您看到的是第 {expected} 版，当前为第 {@case.Version} 版），请刷新后重试。");
        }

        var reason = request.Reason?.Trim() ?? "";
        if (reason.Length is 0 or > CaseInvolvedUnit.MaxReasonLength)
        {
            throw new ValidationFailedException("reason", $"请说明为何涉及这些单位（1–{CaseInvolvedUnit.MaxReasonLength} 字）。");
        }

        var codes = (request.UnitCodes ?? []).Select(c => c?.Trim() ?? "").Where(c => c.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        if (codes.Count == 0 || codes.Count > MaxUnitsPerStep)
        {
            throw new ValidationFailedException("unitCodes", $"请选择 1–{MaxUnitsPerStep} 个涉及的网格、社区或街道。");
        }

        // Involved units usually lie outside the caller's jurisdiction (that is the point): units are read by code only.
        var units = await db.Units.IgnoreQueryFilters().AsNoTracking().Where(u => codes.Contains(u.Code) && !u.IsRetired)
            .Select(u => new { u.Code, u.Path, u.Name, u.Level }).ToListAsync(ct);
        var errors = new List<string>();
        foreach (var code in codes)
        {
            var unit = units.SingleOrDefault(u => u.Code == code);
            if (unit is null)
            {
                errors.Add($"没有编码为“{code}”的单位。");
            }
            else if (unit.Level is not (UnitLevel.Grid or UnitLevel.Community or UnitLevel.Street))
            {
                errors.Add($"“{unit.Name}”不是网格、社区或街道。");
            }
            else if (@case.UnitPath.StartsWith(unit.Path, StringComparison.Ordinal))
            {
                errors.Add($"案件本就位于“{unit.Name}”，无需添加。");
            }
        }

        if (errors.Count > 0)
        {
            throw new ValidationFailedException(new Dictionary<string, string[]> { ["unitCodes"] = [.. errors] });
        }

        // Earlier involvements may lie outside the caller's jurisdiction too; this reads the one table only.
        var earlier = await db.Set<CaseInvolvedUnit>().IgnoreQueryFilters().Where(i => i.CaseId == id).ToListAsync(ct);
        var added = units.Where(u => earlier.All(e => e.UnitCode != u.Code)).ToList();
        if (added.Count == 0)
        {
            throw new ConflictException("这些单位已是此案件的涉及单位。");
        }

        var paths = new List<string> { @case.UnitPath };
        paths.AddRange(earlier.Select(e => e.UnitPath));
        paths.AddRange(added.Select(u => u.Path));
        var common = UnitPaths.LowestCommonAncestor(paths);
        var level = common.Length <= 1 ? (UnitLevel?)null : UnitPaths.DeepestLevel(common);
        Rules.Check(new CoordinatorIsWithinACounty(level));
        var coordinatorLevel = level!.Value;

        var coordinator = UnitPaths.CodeAt(common, coordinatorLevel)!;
        var clock = await clocks.NowAsync(ct);
        var loaded = @case.Version;
        foreach (var unit in added)
        {
            db.Add(new CaseInvolvedUnit(@case.Id, unit.Code, unit.Path, unit.Name, unit.Level, reason, clock.Now, actor.Name));
        }

        var stamp = CaseAccess.Stamp(actor, actor.IsInRole(Roles.Administrator) ? Roles.Administrator
            : actor.IsInRole(Roles.StreetOfficer) ? Roles.StreetOfficer
            : actor.IsInRole(Roles.Supervisor) ? Roles.Supervisor
            : actor.IsInRole(Roles.GridWorker) ? Roles.GridWorker : Roles.CommunityWorker);
        @case.Coordinate([.. added.Select(u => (u.Code, u.Name))], new HolderTarget(coordinatorLevel, coordinator, null), reason, stamp, clock);
        audit.Record(Action, @case.TrackingCode, @case.UnitPath, $"涉及 {string.Join(",", added.Select(u => u.Code))}，协调主办 {coordinator}");
        await CaseWrites.SaveAsync(db, @case.Id, loaded, ct);
        return new CaseStepResult(@case.Id, @case.TrackingCode, @case.Status, @case.Version, @case.HolderLevel, @case.HolderUnitCode, @case.AssignedDepartmentCode);
    }

    /// <summary>The involved units of a case the caller can reach (directly or as an involved unit).</summary>
    public async Task<CaseCoordinationView> GetAsync(Guid id, CancellationToken ct)
    {
        var @case = await InvolvedCases.FindAsync(db, id, ct) ?? throw new NotFoundException("案件");
        var units = await db.Set<CaseInvolvedUnit>().IgnoreQueryFilters().AsNoTracking().Where(i => i.CaseId == id).OrderBy(i => i.AddedAt).ToListAsync(ct);
        var level = @case.CoordinatorUnitCode is null ? null
            : await db.Units.IgnoreQueryFilters().Where(u => u.Code == @case.CoordinatorUnitCode).Select(u => (UnitLevel?)u.Level).SingleOrDefaultAsync(ct);
        return new CaseCoordinationView(@case.Id, @case.TrackingCode, @case.CoordinatorUnitCode, level,
            [.. units.Select(u => new InvolvedUnitView(u.UnitCode, u.UnitName, u.Level, u.Reason, u.AddedAt, u.AddedBy))]);
    }
}

/// <summary>Reaching a case as the staff of a unit it involves, besides the jurisdiction over where it lies.</summary>
public static class InvolvedCases
{
    /// <summary>
    /// The case when the caller reaches it directly, or through an involved unit in their jurisdiction (that row is
    /// filtered by jurisdiction; the case itself is then read by id alone, a single-entity query).
    /// </summary>
    public static async Task<Case?> FindAsync(FengqiaoDbContext db, Guid id, CancellationToken ct, bool withTimeline = false)
    {
        IQueryable<Case> Query(IQueryable<Case> source) => withTimeline
            ? source.AsNoTracking().Include(x => x.TierSteps).Include(x => x.Actions).AsSplitQuery()
            : source.AsNoTracking();

        var direct = await Query(db.Set<Case>()).SingleOrDefaultAsync(c => c.Id == id, ct);
        if (direct is not null)
        {
            return direct;
        }

        if (!await db.Set<CaseInvolvedUnit>().AnyAsync(i => i.CaseId == id, ct))
        {
            return null;
        }

        return await Query(db.Set<Case>().IgnoreQueryFilters()).SingleOrDefaultAsync(c => c.Id == id, ct);
    }
}

/// <summary>The platform's tiers end at the county: units in different counties have no coordinator within it.</summary>
internal sealed class CoordinatorIsWithinACounty(UnitLevel? level) : IBusinessRule
{
    public bool IsBroken() => level is not { } l || l < UnitLevel.County;

    public string Message => "涉及单位跨越区县，须由市级协调，本平台不能指定协调主办单位。";
}
