using Fengqiao.Kernel.Access;
using Fengqiao.Kernel.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Fengqiao.Cases.Photos;

/// <summary>
/// 过期待提交照片清理: deletes uploaded photos that were never attached to a report or step before they expired. Until
/// this sweep existed they were removed by the next upload, so a quiet night kept a day's abandoned uploads (full-size
/// bytes in the row) until morning. One set-based delete: safe on several nodes at once (a row is deleted once, the
/// other node's statement simply finds nothing), and attached photos have no expiry, so they are never touched.
/// </summary>
public sealed class PendingPhotoSweeper(FengqiaoDbContext db, TimeProvider time, ILogger<PendingPhotoSweeper> logger)
{
    /// <summary>Deletes every expired pending photo; returns how many were deleted.</summary>
    public async Task<int> SweepAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var deleted = await db.Set<CasePhoto>().Where(p => p.CaseId == null && p.ExpiresAt < now).ExecuteDeleteAsync(ct);
        if (deleted > 0)
        {
            logger.LogInformation("Deleted {Count} expired pending photos", deleted);
        }

        return deleted;
    }
}

/// <summary>Runs <see cref="PendingPhotoSweeper"/> on every node at <see cref="PhotoOptions.SweepInterval"/>.</summary>
internal sealed class PendingPhotoSweepService(IServiceScopeFactory scopes, IOptionsMonitor<PhotoOptions> options, ILogger<PendingPhotoSweepService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(options.CurrentValue.SweepInterval, stoppingToken);
                await using var scope = scopes.CreateSystemScope();
                await scope.ServiceProvider.GetRequiredService<PendingPhotoSweeper>().SweepAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception) when (exception is DbUpdateException or InvalidOperationException or TimeoutException)
            {
                logger.LogWarning(exception, "Pending photo sweep failed; retrying at the next interval");
            }
        }
    }
}
