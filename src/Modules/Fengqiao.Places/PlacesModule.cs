using Fengqiao.Kernel;
using Fengqiao.Kernel.Data;
using Fengqiao.Places.Grids;
using Fengqiao.Places.Spatial;
using Fengqiao.Places.Data;
using Fengqiao.Places.Divisions;
using Fengqiao.Places.Geo;
using Fengqiao.Places.People;
using Fengqiao.Kernel.Privacy;
using Fengqiao.Places.Organisations;
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
        services.AddOptions<PlacesOptions>().BindConfiguration(PlacesOptions.Section);
        services.AddSingleton<IModuleModel, PlacesModel>();
        services.AddSingleton<CountyOutlines>();
        services.AddScoped<ImportDivisions>();
        services.AddScoped<DivisionTree>();
        services.AddScoped<Grids.GridMap>();
        services.AddScoped<GridGeoJsonImport>();
        services.AddScoped<GridGeoJsonExport>();
        services.AddScoped<Boundaries.BoundaryGeoJsonImport>();
        services.AddScoped<Boundaries.BoundaryGeoJsonExport>();
        services.AddOptions<GridLocatorOptions>().BindConfiguration(GridLocatorOptions.Section);
        services.AddSingleton<GridLocator>();
        services.AddSingleton<Kernel.Units.IPointLocator, GridPointLocator>();
        services.AddHostedService<GridIndexRefresher>();
        services.AddScoped<GridSpatialQueries>();
        services.AddDomainEventHandler<GridsChanged, BumpGridGeneration>();
        services.AddScoped<BuildingRegister>();
        services.AddScoped<RegisterResident>();
        services.AddScoped<ResidentQueries>();
        services.AddScoped<ResidentRecords>();
        services.AddScoped<MyPersonalData>();
        services.AddScoped<ResidentDataStore>();
        services.AddScoped<IPersonalDataStore>(sp => sp.GetRequiredService<ResidentDataStore>());
        services.AddScoped<IBlindIndexStore>(sp => sp.GetRequiredService<ResidentDataStore>());
        services.AddScoped<People.Spreadsheets.ImportResidents>();
        services.AddScoped<People.Spreadsheets.ExportResidents>();
        services.AddScoped<OrganisationQueries>();
        services.AddScoped<ManageOrganisations>();
        services.AddScoped<OrganisationPhoneStore>();
        services.AddScoped<IPersonalDataStore>(sp => sp.GetRequiredService<OrganisationPhoneStore>());
        services.AddScoped<IBlindIndexStore>(sp => sp.GetRequiredService<OrganisationPhoneStore>());
        return services;
    }

    /// <summary>Maps the module's API under the host's versioned API group (bearer policy <see cref="Kernel.Access.Policies.ApiPolicy"/>).</summary>
    public static IEndpointRouteBuilder MapPlaces(this IEndpointRouteBuilder api)
    {
        api.MapDivisions(Kernel.Access.Policies.ApiPolicy);
        api.MapGridApi();
        Boundaries.BoundaryEndpoints.MapBoundaryApi(api);
        api.MapLocate();
        api.MapPeopleApi();
        api.MapOrganisations(Kernel.Access.Policies.ApiPolicy);
        return api;
    }
}
