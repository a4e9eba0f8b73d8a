using Fengqiao.Kernel;
using Fengqiao.Kernel.Data;
using Fengqiao.Places.Grids;
using Fengqiao.Places.Spatial;
using Fengqiao.Places.Data;
using Fengqiao.Places.Divisions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Fengqiao.Places;

/// <summary>
/// 人、地、物、组织: divisions, grids on a map, point-to-grid location, buildings, households, residents and
/// organisations. The module's whole public surface is <see cref="AddPlaces"/> and <see cref="MapPlaces"/>.
/// </summary>
public static class PlacesModule
{
    public static IServiceCollection AddPlaces(this IServiceCollection services)
    {
        services.AddSingleton<IModuleModel, PlacesModel>();
        services.AddScoped<ImportDivisions>();
        services.AddOptions<GridLocatorOptions>().BindConfiguration(GridLocatorOptions.Section);
        services.AddSingleton<GridLocator>();
        services.AddHostedService<GridIndexRefresher>();
        services.AddScoped<GridSpatialQueries>();
        services.AddDomainEventHandler<GridsChanged, BumpGridGeneration>();
        return services;
    }

    /// <summary>Maps the module's API under the host's versioned API group.</summary>
    public static IEndpointRouteBuilder MapPlaces(this IEndpointRouteBuilder api) => api;
}
