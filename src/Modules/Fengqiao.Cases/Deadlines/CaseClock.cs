using Fengqiao.Kernel.Calendar;
using Microsoft.Extensions.Options;

namespace Fengqiao.Cases.Deadlines;

/// <summary>Makes the <see cref="StageClock"/> for "now" from the working calendar and the configured stage limits.</summary>
public sealed class CaseClock(WorkingCalendarProvider calendars, IOptionsMonitor<DeadlineOptions> options, TimeProvider time)
{
    public async Task<StageClock> NowAsync(CancellationToken cancellationToken) =>
        new(await calendars.GetAsync(cancellationToken), options.CurrentValue, time.GetUtcNow());
}
