using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Fengqiao.Places.Divisions;

internal static class DivisionEndpoints
{
    public static void MapDivisions(this IEndpointRouteBuilder api, string apiPolicy)
    {
        var group = api.MapGroup("/places/divisions").WithTags("行政区划 Divisions").RequireAuthorization(apiPolicy);
        group.MapGet("/", async (bool? includeRetired, DivisionTree tree, CancellationToken ct) =>
                TypedResults.Ok(await tree.GetAsync(null, includeRetired ?? false, ct)))
            .WithSummary("区划树：从我所属的单位开始，含下级的街道、社区、网格数量");
        group.MapGet("/{code}", async (string code, bool? includeRetired, DivisionTree tree, CancellationToken ct) =>
                TypedResults.Ok(await tree.GetAsync(code, includeRetired ?? false, ct)))
            .WithSummary("区划树的一层：单位、上级路径、下级及其数量（限辖区内）");
    }
}
