using Fengqiao.Cases.Categories;
using Fengqiao.Cases.Classification;
using Fengqiao.Cases.Deadlines;
using Fengqiao.Cases.Domain;
using Fengqiao.Cases.Routing;
using Fengqiao.Cases.Workflow;
using Fengqiao.Kernel.Access;
using Fengqiao.Kernel.Audit;
using Fengqiao.Kernel.Data;
using Fengqiao.Kernel.Errors;
using Fengqiao.Kernel.Identity;
using Microsoft.EntityFrameworkCore;

namespace Fengqiao.Cases.Triage;

/// <summary>
/// 分拣: the reports intake could not file on its own (unclassified or low classifier confidence, outside every grid,
/// sensitive words, a possible duplicate). A person sees the text, the classifier's best suggestions and the place, and
/// in one step files the case under the suggested or another category and sends it where the routing rules say; merging
/// into the duplicate and rejecting are the workflow's 不予立案. The chosen category is published as
/// <c>CaseCategoryConfirmed</c>, so every triage decision becomes a labelled example for retraining.
/// </summary>
public sealed class TriageCases(
    FengqiaoDbContext db, ICurrentActor actor, IAuditTrail audit, CaseClock clocks, CategoryCatalog catalog, Router router, ICaseClassifier classifier)
{
    public const int MaxPageSize = 50;

    /// <summary>How many suggestions a triage card offers.</summary>
    public const int Suggestions = 3;

    public async Task<TriageQueue> QueueAsync(int? page, int? pageSize, CancellationToken ct)
    {
        var size = Math.Clamp(pageSize ?? 20, 1, MaxPageSize);
        var number = Math.Max(1, page ?? 1);
        var waiting = db.Set<Case>().AsNoTracking().Where(c => c.Status == CaseStatus.Reported && c.TriageReasons != null);
        var total = await waiting.CountAsync(ct);
        var rows = await waiting.OrderBy(c => c.ReportedAt).Skip((number - 1) * size).Take(size).ToListAsync(ct);

        // A proposed original may lie in a neighbouring jurisdiction: only its code and title are read (single-entity query).
        var duplicateIds = rows.Where(c => c.PossibleDuplicateOfId is not null).Select(c => c.PossibleDuplicateOfId!.Value).Distinct().ToList();
        var originals = duplicateIds.Count == 0
            ? []
            : await db.Set<Case>().IgnoreQueryFilters().AsNoTracking().Where(c => duplicateIds.Contains(c.Id))
                .Select(c => new { c.Id, c.TrackingCode, c.Title, c.Status }).ToDictionaryAsync(c => c.Id, ct);
        var snapshot = await catalog.GetAsync(ct);
        var items = rows.Select(c =>
        {
            var original = c.PossibleDuplicateOfId is { } d ? originals.GetValueOrDefault(d) : null;
            return new TriageItem(
                c.Id, c.TrackingCode, c.Version, c.Title, c.Description, c.TriageReasons!.Split(',', StringSplitOptions.RemoveEmptyEntries),
                SuggestionsFor(c, snapshot), c.Channel, c.ReportedAt, c.Address, c.Longitude, c.Latitude, c.GridCode, c.CommunityCode, c.OutsideGrids,
                c.DistanceToGridMetres, c.HasSensitiveContent, original?.TrackingCode, original?.Title, CaseAccess.IsDispatcher(actor, c));
        }).ToList();
        return new TriageQueue(items, total, number, size);
    }

    /// <summary>立案并派遣: files the case under <see cref="TriageFileRequest.CategoryCode"/> and routes it, in one commit.</summary>
    public async Task<Workflow.CaseStepResult> FileAndRouteAsync(Guid id, TriageFileRequest request, CancellationToken ct)
    {
        var @case = await db.Set<Case>().Include(c => c.TierSteps).SingleOrDefaultAsync(c => c.Id == id, ct) ?? throw new NotFoundException("案件");
        if (!CaseAccess.IsDispatcher(actor, @case))
        {
            await audit.RecordRefusalAsync("cases.triage-file", @case.TrackingCode, AuditOutcome.Denied, "无权分拣", @case.UnitPath, ct);
            throw new ForbiddenException("您不能分拣此案件：须由案件所在社区或上级的受理人员办理。");
        }

        if (request.Version is { } expected && expected != @case.Version)
        {
            throw new ConflictException($"案件已被他人处理（您看到的是第 {expected} 版，当前为第 {@case.Version} 版），请刷新后重试。");
        }

        if (string.IsNullOrWhiteSpace(request.CategoryCode))
        {
            throw new ValidationFailedException("categoryCode", "请选择事件类别。");
        }

        var snapshot = await catalog.GetAsync(ct);
        if (snapshot.Find(request.CategoryCode) is not { IsActive: true } category || snapshot.CurrentVersionOf(category) is not { } version)
        {
            throw new ValidationFailedException("categoryCode", $"没有编码为“{request.CategoryCode.Trim()}”的可用事件类别。");
        }

        if (request.Note is { Length: > CaseAction.MaxNoteLength })
        {
            throw new ValidationFailedException("note", $"说明不能超过 {CaseAction.MaxNoteLength} 个字。");
        }

        var clock = await clocks.NowAsync(ct);
        var loadedVersion = @case.Version;
        var stamp = CaseAccess.Stamp(actor, actor.IsInRole(Roles.Administrator) ? Roles.Administrator : Roles.CommunityWorker);
        var agreed = string.Equals(category.Code, @case.SuggestedCategoryCode, StringComparison.OrdinalIgnoreCase);
        var note = string.IsNullOrWhiteSpace(request.Note)
            ? agreed ? $"分拣：采纳智能分类建议（置信度 {@case.Confidence:P0}）。" : $"分拣：改为 {snapshot.PathName(category)}。"
            : request.Note.Trim();

        @case.File(version, stamp, clock, note);
        if (@case.Status != CaseStatus.Filed)
        {
            throw new InvalidOperationException("立案后案件应处于待派遣状态。");
        }

        var decision = await router.DecideAsync(version, @case.UnitPath, ct);
        @case.Dispatch(decision.Target, decision.Basis, stamp, clock);
        audit.Record("cases.triage-file", @case.TrackingCode, @case.UnitPath,
            $"{(agreed ? "采纳建议" : "改类")} {category.Code}，派遣至 {@case.HolderUnitCode}{(@case.AssignedDepartmentCode is null ? "" : "/" + @case.AssignedDepartmentCode)}");
        await CaseWrites.SaveAsync(db, @case.Id, loadedVersion, ct);
        return new Workflow.CaseStepResult(@case.Id, @case.TrackingCode, @case.Status, @case.Version, @case.HolderLevel, @case.HolderUnitCode, @case.AssignedDepartmentCode);
    }

    /// <summary>
    /// The classifier's best categories for the text, asked again now (the model may have learnt since intake), falling back
    /// to what intake stored when no model is in service. Labels that name no active category are skipped.
    /// </summary>
    private List<CategoryChoice> SuggestionsFor(Case c, CatalogSnapshot snapshot)
    {
        var choices = new List<CategoryChoice>();
        void Add(string? label, double confidence)
        {
            if (snapshot.Resolve(label) is { IsActive: true } category && choices.TrueForAll(x => x.Code != category.Code) && choices.Count < Suggestions)
            {
                choices.Add(new CategoryChoice(category.Code, snapshot.PathName(category), Math.Round(confidence, 3)));
            }
        }

        var now = classifier.Classify(c.Title, c.Description);
        Add(now.Label, now.Confidence);
        foreach (var alternative in now.Alternatives)
        {
            Add(alternative.Label, alternative.Score);
        }

        if (choices.Count == 0)
        {
            Add(c.SuggestedCategoryCode ?? c.SuggestedLabel, c.Confidence);
        }

        return choices;
    }
}

/// <summary>立案并派遣 from the triage queue; <see cref="Version"/> is the case version the person saw.</summary>
public sealed record TriageFileRequest(long? Version, string? CategoryCode, string? Note);

/// <summary>A category the classifier suggests, with its full path name and confidence in [0, 1].</summary>
public sealed record CategoryChoice(string Code, string Name, double Confidence);

/// <summary>
/// One report waiting in triage. <see cref="Reasons"/> are the intake codes: unclassified, low-confidence, outside-grids,
/// sensitive, possible-duplicate.
/// </summary>
public sealed record TriageItem(
    Guid Id, string TrackingCode, long Version, string Title, string Description, IReadOnlyList<string> Reasons, IReadOnlyList<CategoryChoice> Suggestions,
    Domain.CaseChannel Channel, DateTimeOffset ReportedAt, string? Address, double? Longitude, double? Latitude, string? GridCode, string CommunityCode,
    bool OutsideGrids, double? DistanceToGridMetres, bool HasSensitiveContent, string? DuplicateOfTrackingCode, string? DuplicateOfTitle, bool MayAct);

public sealed record TriageQueue(IReadOnlyList<TriageItem> Items, int Total, int Page, int PageSize);
