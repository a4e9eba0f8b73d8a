using Fengqiao.Mediation.Disputes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Fengqiao.Mediation.Statistics;

internal static class StatisticsEndpoints
{
    public static void MapMediationStatistics(this IEndpointRouteBuilder api, string apiPolicy)
    {
        var group = api.MapGroup("/mediation").WithTags("调解统计 Mediation statistics")
            .RequireAuthorization(apiPolicy)
            .RequireAuthorization(policy => policy.RequireRole([.. DisputeAccess.ReaderRoles]));

        group.MapGet("/statistics", async (string? unit, string? from, string? to, string? period, MediationStatistics statistics, CancellationToken ct) =>
            {
                var (start, end) = StatisticsPeriod.Parse(period, from, to);
                return TypedResults.Ok(await statistics.ComputeAsync(unit, start, end, ct));
            })
            .WithSummary("人民调解统计：受理、调解成功、成功率、按类型/来源/层级、涉及金额、防止民转刑、防止群体性上访、平均办理天数、矛盾不上交率（unit 辖区子树；from–to 按受理日期，上海时间，[from, to)，或 period=2026-11 | 2026-Q4 | 2026）");
        group.MapGet("/statistics.xlsx", async (string? unit, string? from, string? to, string? period, MediationStatistics statistics, CancellationToken ct) =>
            {
                var (start, end) = StatisticsPeriod.Parse(period, from, to);
                var report = await statistics.ComputeAsync(unit, start, end, ct);
                return TypedResults.File(StatisticsWorkbook.Write(report), StatisticsWorkbook.ContentType, StatisticsWorkbook.FileName(report));
            })
            .WithSummary("人民调解统计报表（Excel，月报表格式：按类型分行，受理、成功、成功率、金额、防止民转刑、防止群体性上访；另列来源、层级和综合指标）");
    }
}
