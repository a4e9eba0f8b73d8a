using Fengqiao.Kernel.Access;
using Fengqiao.Kernel.Data;
using Fengqiao.Kernel.Notifications;
using Fengqiao.Kernel.Time;
using Fengqiao.Mediation.Disputes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Fengqiao.Mediation.Agreements;

/// <summary>
/// Reminds a case's mediators, in their inbox, of obligations due soon or overdue and of a judicial confirmation window
/// about to close. Each reminder has its own source key, so the Notifier sends it once however often the sweep runs and
/// on however many nodes.
/// </summary>
public sealed class AgreementReminders(FengqiaoDbContext db, Notifier notifier, TimeProvider clock, IOptionsMonitor<AgreementOptions> options)
{
    public async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        var settings = options.CurrentValue;
        var today = DateOnly.FromDateTime(ChinaTime.ToLocal(clock.GetUtcNow()).DateTime);
        var soon = today.AddDays(settings.ObligationDueSoonDays);
        var sent = 0;

        var obligations = await db.Set<AgreementObligation>()
            .Where(o => o.State == ObligationState.Pending && o.DueOn != null && o.DueOn <= soon)
            .Join(db.Set<MediationAgreement>().Where(a => a.Status == AgreementStatus.InEffect), o => o.AgreementId, a => a.Id,
                (o, a) => new { o.Id, o.Sequence, o.Content, o.DueOn, a.CaseId, a.CaseNumber, a.Number })
            .ToListAsync(cancellationToken);
        foreach (var o in obligations)
        {
            var overdue = o.DueOn < today;
            var title = overdue ? $"协议义务逾期未履行：{o.CaseNumber}" : $"协议义务即将到期：{o.CaseNumber}";
            var body = $"调解协议 {o.Number} 第 {o.Sequence} 项义务“{o.Content}”的履行期限为 {o.DueOn:yyyy-MM-dd}，"
                + (overdue ? "已逾期，请督促履行并记录履行情况。" : "请提醒义务人按期履行。");
            sent += await NotifyMediatorsAsync(o.CaseId, title, body, $"mediation-obligation:{o.Id:N}:{(overdue ? "overdue" : "due")}", cancellationToken);
        }

        // Windows that close between today and the warning horizon, with no application yet.
        var earliest = today.AddDays(-MediationAgreement.ConfirmationWindowDays);
        var latest = earliest.AddDays(settings.ConfirmationWarningDays);
        var windows = await db.Set<MediationAgreement>()
            .Where(a => a.Status == AgreementStatus.InEffect && a.Form == AgreementForm.Written && a.ConfirmationAppliedOn == null
                && a.EffectiveOn >= earliest && a.EffectiveOn <= latest)
            .Select(a => new { a.Id, a.CaseId, a.CaseNumber, a.Number, a.EffectiveOn })
            .ToListAsync(cancellationToken);
        foreach (var a in windows)
        {
            var closesOn = a.EffectiveOn!.Value.AddDays(MediationAgreement.ConfirmationWindowDays);
            sent += await NotifyMediatorsAsync(a.CaseId, $"司法确认申请期限将届满：{a.CaseNumber}",
                $"调解协议 {a.Number} 于 {a.EffectiveOn:yyyy-MM-dd} 生效，当事人申请司法确认的期限至 {closesOn:yyyy-MM-dd} 届满（《人民调解法》第三十三条）。如当事人有意申请，请及时告知。",
                $"mediation-confirmation-window:{a.Id:N}", cancellationToken);
        }

        return sent;
    }

    private async Task<int> NotifyMediatorsAsync(Guid caseId, string title, string body, string sourceKey, CancellationToken cancellationToken)
    {
        var mediators = await db.Set<CaseMediator>().Where(m => m.CaseId == caseId).Select(m => m.UserId).ToListAsync(cancellationToken);
        if (mediators.Count == 0)
        {
            return 0;
        }

        await notifier.NotifyAsync(mediators, title, body, $"/mediation/cases/{caseId}/agreement", sourceKey, cancellationToken);
        return 1;
    }
}

/// <summary>Runs <see cref="AgreementReminders"/> on every node at <see cref="AgreementOptions.ReminderInterval"/>.</summary>
internal sealed class AgreementReminderService(IServiceScopeFactory scopes, IOptionsMonitor<AgreementOptions> options, ILogger<AgreementReminderService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(options.CurrentValue.ReminderInterval, stoppingToken);
                await using var scope = scopes.CreateSystemScope();
                await scope.ServiceProvider.GetRequiredService<AgreementReminders>().SweepAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception) when (exception is DbUpdateException or InvalidOperationException or TimeoutException)
            {
                logger.LogWarning(exception, "Agreement reminder sweep failed; retrying at the next interval");
            }
        }
    }
}
