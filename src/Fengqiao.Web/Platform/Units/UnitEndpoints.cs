using Fengqiao.Web.Hosting;

namespace Fengqiao.Web.Platform.Units;

internal static class UnitEndpoints
{
    public static void MapUnitApi(this RouteGroupBuilder api)
    {
        var units = api.MapGroup("/units").WithTags("行政单位 Units").RequireAuthorization(IdentitySetup.ApiPolicy);
        units.MapGet("/", async (UnitQueries queries, CancellationToken ct) => TypedResults.Ok(await queries.MyRootsAsync(ct)))
            .WithSummary("我所属的单位（辖区的起点）");
        units.MapGet("/{code}", async (string code, UnitQueries queries, CancellationToken ct) => TypedResults.Ok(await queries.GetAsync(code, ct)))
            .WithSummary("单位详情、上级路径和下级单位（限辖区内）");
        units.MapGet("/{code}/children", async (string code, UnitQueries queries, CancellationToken ct) => TypedResults.Ok(await queries.ChildrenAsync(code, ct)))
            .WithSummary("下级单位（限辖区内）");
        units.MapPut("/{code}/public-card", async (string code, UpdatePublicCardRequest request, UpdatePublicCard handler, CancellationToken ct) =>
                TypedResults.Ok(new { version = await handler.HandleAsync(code, request, ct) }))
            .WithMetadata(new AuditActionAttribute("units.update-public-card"))
            .WithSummary("修改单位公示信息（值班电话、服务时间、公示内容）；version 不符时返回 409");

        api.MapGet("/public/units/{code?}", async (string? code, PublicDirectory directory, CancellationToken ct) =>
                await directory.GetAsync(code, ct) is { } unit ? Results.Ok(unit) : Results.Problem(statusCode: 404, detail: $"未找到单位 {code}。"))
            .WithTags("公开 Public")
            .WithSummary("公开的网格服务公示（无需登录）");
    }
}
