using Fengqiao.Kernel.Identity;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Fengqiao.Cases.Indicators;

internal static class IndicatorEndpoints
{
    /// <summary>
    /// 考核指标 for staff. Dates and the named period are bound as text and parsed by <see cref="IndicatorPeriods"/>, so
    /// that "2026-13-01" is answered with a readable problem, not a binding failure.
    /// </summary>
    public static void MapIndicatorApi(this RouteGroupBuilder staff)
    {
        staff.MapGet("/indicators", async (string? unit, string? department, string? user, string? from, string? to, string? period, IndicatorCalculator indicators, TimeProvider time, CancellationToken ct) =>
                TypedResults.Ok(await indicators.ComputeAsync(IndicatorPeriods.Parse(unit, department, user, from, to, period, time), ct)))
            .RequireAuthorization(policy => policy.RequireRole([.. Roles.Staff]))
            .WithSummary("考核指标：处置率、按期处置率、结案率、按期结案率、返工率、准确派遣率、按时立案率、满意率、热线三率、各环节用时、各层级办结占比（unit/department/user；from–to 按上报日期，上海时间，[from, to)，或 period=this-month|last-month|this-quarter|last-quarter|this-year）");
        staff.MapGet("/indicators/units", async (string? unit, string? department, string? user, string? from, string? to, string? period, IndicatorComparison comparison, TimeProvider time, CancellationToken ct) =>
                TypedResults.Ok(await comparison.CompareAsync(IndicatorPeriods.Parse(unit, department, user, from, to, period, time), ct)))
            .RequireAuthorization(policy => policy.RequireRole([.. Roles.Staff]))
            .WithSummary("下级单位对比：单位本身及其每个直属下级的考核指标（同一周期）");
    }
}
