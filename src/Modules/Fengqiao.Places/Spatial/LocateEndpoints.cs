using Fengqiao.Kernel.Errors;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Fengqiao.Places.Spatial;

internal static class LocateEndpoints
{
    /// <summary>
    /// 定位网格: which grid, community, street and county a WGS84 point lies in. Open to everyone: grid names and
    /// the administrative tree are public, and residents' report forms need it before anyone signs in.
    /// </summary>
    public static void MapLocate(this IEndpointRouteBuilder api) =>
        api.MapGet("/places/locate", async (double? longitude, double? latitude, GridLocator locator, CancellationToken ct) =>
            {
                if (longitude is not { } lon || latitude is not { } lat || double.IsNaN(lon) || double.IsNaN(lat)
                    || lon is < -180 or > 180 || lat is < -90 or > 90)
                {
                    throw new ValidationFailedException("longitude", "请给出 WGS84 经纬度：longitude 在 -180 到 180 之间，latitude 在 -90 到 90 之间。");
                }

                return TypedResults.Ok(await locator.LocateAsync(lon, lat, ct));
            })
            .AllowAnonymous()
            .WithTags("网格定位 Locate")
            .WithSummary("WGS84 坐标所在的网格、社区、街道和县（区）；不在任何网格内时给出最近的网格及距离（米）");
}
