using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Fengqiao.Kernel.Messaging;

/// <summary>
/// Runs the dispatcher: right after a commit that wrote outbox rows, and on a poll for retries and other nodes' work.
/// Each wake-up drains the backlog (rounds back to back while they come back full); the poll interval applies only once
/// a round finds less than a full batch.
/// </summary>
internal sealed class OutboxWorker(OutboxDispatcher dispatcher, OutboxSignal signal, IOptions<OutboxOptions> options, ILogger<OutboxWorker> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await dispatcher.DispatchBacklogAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // The database may be briefly unreachable; the next round tries again.
                logger.LogError(ex, "Outbox dispatch round failed");
            }

            try
            {
                await signal.WaitAsync(options.Value.PollInterval, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
