using Fengqiao.Cases.Categories;
using Fengqiao.Cases.Classification;
using Fengqiao.Cases.Contracts;
using Fengqiao.Cases.Data;
using Fengqiao.Cases.Deadlines;
using Fengqiao.Cases.Indicators;
using Fengqiao.Cases.Indicators.Rollups;
using Fengqiao.Cases.Intake;
using Fengqiao.Cases.Open311;
using Fengqiao.Cases.Public;
using Fengqiao.Cases.Queries;
using Fengqiao.Cases.Routing;
using Fengqiao.Cases.StaffConsole;
using Fengqiao.Cases.Workflow;
using Fengqiao.Kernel;
using Fengqiao.Kernel.Data;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Fengqiao.Cases;

/// <summary>
/// 事件: reports from every channel through filing, dispatch, disposal, verification, closing and evaluation, held at
/// the lowest tier able to resolve them (小事不出村、大事不出镇). The module's public surface is <see cref="AddCases"/> and
/// <see cref="MapCases"/> (with <see cref="MapCasesOpen311"/> for the Open311 paths at the site root).
/// </summary>
public static class CasesModule
{
    public static IServiceCollection AddCases(this IServiceCollection services)
    {
        services.AddSingleton<IModuleModel, CasesModel>();
        services.AddScoped<IReferenceDataSeeder, CategorySeeder>();
        services.AddOptions<IntakeOptions>().BindConfiguration(IntakeOptions.Section);
        services.AddOptions<DeadlineOptions>().BindConfiguration(DeadlineOptions.Section);
        services.AddSingleton<CategoryCatalog>();
        services.AddSingleton<Router>();
        services.AddScoped<CaseClock>();
        services.AddScoped<DuplicateFinder>();
        services.AddScoped<ReportCase>();
        services.AddOptions<Photos.PhotoOptions>().BindConfiguration(Photos.PhotoOptions.Section);
        services.AddSingleton<Photos.PhotoProcessor>();
        services.AddScoped<Photos.CasePhotos>();
        services.AddSingleton<IntakeWriter>();
        services.AddScoped<CaseWorkflow>();
        services.AddScoped<CaseQueries>();
        services.AddScoped<IndicatorCalculator>();
        services.AddScoped<IndicatorComparison>();
        services.AddScoped<ReporterCases>();
        services.AddScoped<PublicCases>();
        services.AddScoped<ManageCategories>();
        services.AddScoped<ManageRoutingRules>();
        services.AddScoped<Triage.TriageCases>();
        services.AddScoped<DeadlineSweeper>();
        services.AddScoped<ManageApiClients>();
        services.AddScoped<GeoReport>();
        services.AddOptions<Open311Options>().BindConfiguration(Open311Options.Section);
        services.AddScoped<Kernel.Privacy.IPersonalDataStore, CaseReporterStore>();
        services.AddDomainEventHandler<CaseStepTaken, NotifyCaseHolders>(NotifyCaseHolders.Wants);
        services.AddHostedService<DeadlineSweepService>();
        AddIntakeExtras(services);
        services.AddCaseStaffConsole();

        // Classification (智能分类): until a model is trained, every report without a category goes to triage.
        services.AddOptions<ClassificationOptions>().BindConfiguration(ClassificationOptions.Section);
        services.AddSingleton<IModuleModel, ClassificationModel>();
        services.AddSingleton<CaseClassifier>();
        services.AddSingleton<ICaseClassifier>(sp => sp.GetRequiredService<CaseClassifier>());
        services.AddHostedService<ClassifierRefresher>();
        services.AddScoped<ClassificationExamples>();
        services.AddScoped<ClassifierModels>();
        services.AddScoped<RetrainClassifier>();
        services.AddDomainEventHandler<CaseCategoryConfirmed, LearnFromConfirmedCategory>();

        // Indicator roll-ups (ADR 0018): dirty marks on every case change, a refresher on every node.
        services.AddIndicatorRollups();

        // 协办反馈 by involved units; the single case page's dispatch targets.
        services.AddScoped<Coordination.ReplyToCoordination>();
        services.AddScoped<DispatchTargets>();

        // 协办案件 list of the staff console; notices to involved units and, for replies on unheld cases, to dispatchers.
        services.AddScoped<Coordination.CoordinationQueue>();
        services.AddDomainEventHandler<CaseStepTaken, Coordination.NotifyCoordination>(Coordination.NotifyCoordination.Wants);
        return services;
    }

    /// <summary>CSV batch intake, cases touching several units, informant points.</summary>
    private static void AddIntakeExtras(IServiceCollection services)
    {
        services.AddOptions<Import.CaseImportOptions>().BindConfiguration(Import.CaseImportOptions.Section);
        services.AddScoped<Import.ImportCases>();
        services.AddScoped<Coordination.CoordinateCase>();
        services.AddOptions<Points.InformantPointsOptions>().BindConfiguration(Points.InformantPointsOptions.Section);
        services.AddScoped<Points.InformantPoints>();
        services.AddDomainEventHandler<CaseStepTaken, Points.AwardInformantPoints>(Points.AwardInformantPoints.Wants);

        // Intake speed (docs/benchmarks.md): units looked up by code, cached per node for a bounded time.
        services.AddSingleton<IntakeUnits>();
        // …and the duplicate check's case text signatures (docs/adr/0019-in-memory-duplicate-index.md).
        services.AddSingleton<DuplicateSignatures>();
        services.AddSingleton<RecentCaseIndex>();
        services.AddSingleton<Microsoft.EntityFrameworkCore.Diagnostics.IInterceptor, RecentCaseIndexUpdater>();

        // Expired pending photos are deleted by a periodic sweep, not by the next upload.
        services.AddScoped<Photos.PendingPhotoSweeper>();
        services.AddHostedService<Photos.PendingPhotoSweepService>();
    }

    /// <summary>Maps the module's API under the host's versioned API group.</summary>
    public static IEndpointRouteBuilder MapCases(this IEndpointRouteBuilder api)
    {
        api.MapCaseApi(Kernel.Access.Policies.ApiPolicy);
        api.MapClassifier(Kernel.Access.Policies.ApiPolicy);
        return api;
    }

    /// <summary>Maps the photo URLs the staff pages load with the sign-in cookie (<c>/case-photos/…</c>).</summary>
    public static IEndpointRouteBuilder MapCasePhotoPages(this IEndpointRouteBuilder app)
    {
        Photos.PhotosEndpoints.MapCasePhotoPages(app);
        return app;
    }

    /// <summary>
    /// Maps Open311 GeoReport v2 at the site root (<c>/open311/v2/…</c>, <c>/open311/discovery.{xml|json}</c>), where
    /// civic apps look for it. Returns the group so that the host can apply its rate limiting.
    /// </summary>
    public static RouteGroupBuilder MapCasesOpen311(this IEndpointRouteBuilder app) => app.MapOpen311();
}
