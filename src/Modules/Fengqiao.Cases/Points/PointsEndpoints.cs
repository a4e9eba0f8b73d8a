using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Fengqiao.Cases.Points;

/// <summary>Informant points over HTTP: the informant's own balance and history, and the staff's ranking.</summary>
internal static class PointsEndpoints
{
    public static void MapInformantPoints(this IEndpointRouteBuilder api, string apiPolicy)
    {
        var group = api.MapGroup("/cases/points").WithTags("信息员积分 Informant points").RequireAuthorization(apiPolicy);
        group.MapGet("/mine", async (InformantPoints points, CancellationToken ct) => TypedResults.Ok(await points.MineAsync(ct)))
            .RequireAuthorization(policy => policy.RequireRole(Kernel.Identity.Roles.Informant))
            .WithSummary("我的积分：余额、线索数和积分明细（立案、有效办结）");
        group.MapGet("/ranking", async (int? top, InformantPoints points, CancellationToken ct) => TypedResults.Ok(await points.RankingAsync(top, ct)))
            .RequireAuthorization(policy => policy.RequireRole([.. Kernel.Identity.Roles.Staff]))
            .WithSummary("信息员积分排行（辖区内线索所得积分；top 默认 20）");
    }
}
