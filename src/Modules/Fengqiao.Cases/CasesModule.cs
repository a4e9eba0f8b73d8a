using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Fengqiao.Cases;

/// <summary>
/// 事件: reports from every channel through filing, dispatch, disposal, verification, closing and evaluation, held at
/// the lowest tier able to resolve them (小事不出村、大事不出镇). The module's public surface is <see cref="AddCases"/> and
/// <see cref="MapCases"/>.
/// </summary>
public static class CasesModule
{
    public static IServiceCollection AddCases(this IServiceCollection services)
    {
        return services;
    }

    /// <summary>Maps the module's API under the host's versioned API group.</summary>
    public static IEndpointRouteBuilder MapCases(this IEndpointRouteBuilder api)
    {
        return api;
    }
}
