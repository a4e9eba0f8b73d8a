using Fengqiao.Cases.Classification;
using Fengqiao.Kernel.Data;
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
        // Classification (智能分类)
        services.AddOptions<ClassificationOptions>().BindConfiguration(ClassificationOptions.Section);
        services.AddSingleton<IModuleModel, ClassificationModel>();
        services.AddSingleton<CaseClassifier>();
        services.AddSingleton<ICaseClassifier>(sp => sp.GetRequiredService<CaseClassifier>());
        services.AddHostedService<ClassifierRefresher>();
        services.AddScoped<ClassificationExamples>();
        services.AddScoped<ClassifierModels>();
        services.AddScoped<RetrainClassifier>();
        return services;
    }

    /// <summary>Maps the module's API under the host's versioned API group.</summary>
    public static IEndpointRouteBuilder MapCases(this IEndpointRouteBuilder api)
    {
        api.MapClassifier(Kernel.Access.Policies.ApiPolicy);
        return api;
    }
}
