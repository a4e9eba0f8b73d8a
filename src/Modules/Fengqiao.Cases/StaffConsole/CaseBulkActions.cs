using Fengqiao.Cases.Domain;
using Fengqiao.Cases.Workflow;
using Fengqiao.Kernel.Data;
using Fengqiao.Kernel.Errors;
using Fengqiao.Kernel.Units;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Fengqiao.Cases.StaffConsole;

/// <summary>
/// 批量操作: one step applied to several cases of a queue. Each case is a separate unit of work through the same
/// <see cref="CaseWorkflow"/> step a single click takes (same rights, same version check, same audit), committed on its
/// own: a case that is refused (stale version, wrong status, no right) leaves nothing behind and never stops the others.
/// </summary>
public sealed partial class CaseBulkActions(FengqiaoDbContext db, CaseWorkflow workflow, ILogger<CaseBulkActions> logger)
{
    public const int MaxCases = 100;

    public async Task<BulkResult> RunAsync(BulkRequest request, CancellationToken ct)
    {
        var action = Validate(request);
        var outcomes = new List<BulkOutcome>(request.Cases!.Count);
        foreach (var item in request.Cases!)
        {
            // What a refused case may have left in the unit of work (its changed row, its audit entry) goes before the next one.
            db.ChangeTracker.Clear();
            try
            {
                var result = await StepAsync(action, item, request, ct);
                outcomes.Add(new BulkOutcome(item.Id, result.TrackingCode, true, null, null, result.Status, result.Version));
            }
            catch (FengqiaoException refused)
            {
                var reason = refused is ValidationFailedException invalid ? string.Join(" ", invalid.Errors.SelectMany(e => e.Value)) : refused.Message;
                outcomes.Add(new BulkOutcome(item.Id, await CodeOfAsync(item.Id, ct), false, refused.Code, reason, null, null));
            }
            catch (DbUpdateException)
            {
                outcomes.Add(new BulkOutcome(item.Id, await CodeOfAsync(item.Id, ct), false, "conflict", "案件已被他人处理，请刷新后查看最新状态再操作。", null, null));
            }
            catch (Exception failure) when (failure is not OperationCanceledException)
            {
                // A fault on one case is logged and reported on its line; the cases after it still get their turn.
                LogCaseFailed(logger, failure, item.Id, action);
                outcomes.Add(new BulkOutcome(item.Id, await CodeOfAsync(item.Id, ct), false, "internal-error", "处理此案件时出错，已记录日志，请稍后单独办理。", null, null));
            }
        }

        db.ChangeTracker.Clear();
        return new BulkResult(action, outcomes.Count(o => o.Done), outcomes.Count(o => !o.Done), outcomes);
    }

    private Task<CaseStepResult> StepAsync(string action, BulkCase item, BulkRequest r, CancellationToken ct) => action switch
    {
        BulkActionNames.File => workflow.FileAsync(item.Id, new FileRequest(item.Version, r.CategoryCode, r.Note), ct),
        BulkActionNames.Dispatch => workflow.DispatchAsync(item.Id, new DispatchRequest(item.Version, r.Tier, r.DepartmentCode, r.OverrideReason), ct),
        BulkActionNames.Accept => workflow.AcceptAsync(item.Id, new CaseStepRequest(item.Version, null), ct),
        BulkActionNames.Supervise => workflow.SuperviseAsync(item.Id, new CaseStepRequest(item.Version, r.Note), ct),
        _ => workflow.RejectAsync(item.Id, new RejectRequest(item.Version, r.Reason, r.Note, r.DuplicateOf), ct),
    };

    [LoggerMessage(Level = LogLevel.Error, Message = "Bulk {Action} failed on case {CaseId}")]
    private static partial void LogCaseFailed(ILogger logger, Exception exception, Guid caseId, string action);

    private async Task<string?> CodeOfAsync(Guid id, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        return await db.Set<Case>().AsNoTracking().Where(c => c.Id == id).Select(c => c.TrackingCode).SingleOrDefaultAsync(ct);
    }

    /// <summary>What is wrong with the request as a whole is refused before any case is touched.</summary>
    private static string Validate(BulkRequest request)
    {
        var errors = new Dictionary<string, string[]>();
        var action = request.Action?.Trim().ToLowerInvariant();
        if (action is null || !BulkActionNames.All.Contains(action))
        {
            errors["action"] = [$"请选择批量操作：{string.Join("、", BulkActionNames.All)}。"];
        }

        if (request.Cases is not { Count: > 0 } cases)
        {
            errors["cases"] = ["请至少选择一件案件。"];
        }
        else if (cases.Count > MaxCases)
        {
            errors["cases"] = [$"一次最多批量处理 {MaxCases} 件案件，当前为 {cases.Count} 件。"];
        }
        else if (cases.Select(c => c.Id).Distinct().Count() != cases.Count)
        {
            errors["cases"] = ["同一案件不能重复选择。"];
        }

        if (action == BulkActionNames.Supervise && string.IsNullOrWhiteSpace(request.Note))
        {
            errors["note"] = ["督办须填写督办意见。"];
        }

        if (action == BulkActionNames.Reject && request.Reason is null)
        {
            errors["reason"] = ["请选择不予立案的原因。"];
        }
        else if (action == BulkActionNames.Reject && request.Reason == RejectionReason.Duplicate && string.IsNullOrWhiteSpace(request.DuplicateOf))
        {
            errors["duplicateOf"] = ["重复上报须填写原案件的查询码。"];
        }

        if (action == BulkActionNames.Dispatch && request.Tier is { } tier && (!Enum.IsDefined(tier) || tier < UnitLevel.County))
        {
            errors["tier"] = ["批量派遣只能指定案件所在位置的网格、社区、街道或区县。"];
        }

        if (action == BulkActionNames.Dispatch && (request.Tier is not null || request.DepartmentCode is not null) && string.IsNullOrWhiteSpace(request.OverrideReason))
        {
            errors["overrideReason"] = ["指定派遣对象须说明理由。"];
        }

        if (errors.Count > 0)
        {
            throw new ValidationFailedException(errors);
        }

        return action!;
    }
}

/// <summary>The steps a queue offers in bulk.</summary>
public static class BulkActionNames
{
    public const string File = "file";
    public const string Dispatch = "dispatch";
    public const string Accept = "accept";
    public const string Supervise = "supervise";
    public const string Reject = "reject";

    public static IReadOnlyList<string> All { get; } = [File, Dispatch, Accept, Supervise, Reject];
}

/// <summary>One selected case and the version the person saw in the queue.</summary>
public sealed record BulkCase(Guid Id, long? Version);

/// <summary>
/// 批量操作. <see cref="Action"/>: file (optionally with a category), dispatch (by the rules, or to
/// <see cref="Tier"/>/<see cref="DepartmentCode"/> with a reason), accept, supervise (督办, note required), reject
/// (with <see cref="Reason"/>; a duplicate names the original by <see cref="DuplicateOf"/>).
/// </summary>
public sealed record BulkRequest(
    string? Action, IReadOnlyList<BulkCase>? Cases, string? Note = null, string? CategoryCode = null, UnitLevel? Tier = null,
    string? DepartmentCode = null, string? OverrideReason = null, RejectionReason? Reason = null, string? DuplicateOf = null);

/// <summary>Per case: done (with the new status and version) or refused (with the problem code and a readable reason).</summary>
public sealed record BulkOutcome(Guid Id, string? TrackingCode, bool Done, string? Problem, string? Reason, CaseStatus? Status, long? Version);

public sealed record BulkResult(string Action, int Done, int Refused, IReadOnlyList<BulkOutcome> Outcomes);
