using Fengqiao.Cases.Contracts;
using Fengqiao.Kernel;
using Fengqiao.Kernel.Data;
using Fengqiao.Kernel.Privacy;
using Fengqiao.Mediation.Committees;
using Fengqiao.Mediation.Data;
using Fengqiao.Mediation.Disputes;
using Fengqiao.Mediation.Risk;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Fengqiao.Mediation;

/// <summary>
/// 矛盾纠纷化解: mediation committees and the county centre, mediators, dispute intake, risk. It hears of events only
/// through the events module's published contracts. The public surface is <see cref="AddMediation"/> and <see cref="MapMediation"/>.
/// </summary>
public static class MediationModule
{
    public static IServiceCollection AddMediation(this IServiceCollection services)
    {
        services.AddSingleton<IModuleModel, MediationModel>();
        services.AddScoped<CommitteeQueries>();
        services.AddScoped<ManageCommittees>();
        services.AddOptions<RiskOptions>().BindConfiguration(RiskOptions.Section);
        services.AddScoped<RiskAssessor>();
        services.AddScoped<DisputeAccess>();
        services.AddScoped<DisputeQueries>();
        services.AddScoped<TakeInDispute>();
        services.AddScoped<DisputeRecords>();
        services.AddScoped<Sessions.ManageSessions>();
        services.AddScoped<Sessions.NotifyParties>();
        services.AddScoped<DisputePartyStore>();
        services.AddScoped<IPersonalDataStore>(sp => sp.GetRequiredService<DisputePartyStore>());
        services.AddScoped<IBlindIndexStore>(sp => sp.GetRequiredService<DisputePartyStore>());
        services.AddDomainEventHandler<DisputeRiskRaised, NotifyRiskRaised>();
        services.AddDomainEventHandler<CaseEscalated, TakeInEscalatedEvent>(TakeInEscalatedEvent.Wants);

        // Workbench, case page reads and the centre dashboard.
        services.AddScoped<Workbench.MediationWorkbench>();
        services.AddScoped<Dashboard.MediationDashboard>();

        // Tiers and follow-up visits (ADR 0017).
        services.AddScoped<Tiers.ManageTiers>();
        services.AddOptions<FollowUps.FollowUpOptions>().BindConfiguration(FollowUps.FollowUpOptions.Section);
        services.AddScoped<FollowUps.FollowUpPlanner>().AddScoped<FollowUps.ManageFollowUps>().AddScoped<FollowUps.FollowUpQueries>();
        services.AddHostedService<FollowUps.FollowUpSweepService>();

        // Agreements, their PDF, obligations and judicial confirmation (ADR 0016).
        services.AddOptions<Agreements.AgreementOptions>().BindConfiguration(Agreements.AgreementOptions.Section);
        services.AddSingleton<Agreements.AgreementPdf>();
        services.AddScoped<Agreements.ManageAgreements>();
        services.AddScoped<Agreements.AgreementReminders>();
        services.AddScoped<Agreements.ObligationQueries>();
        services.AddHostedService<Agreements.AgreementReminderService>();

        // Systemic issues and statistics.
        services.AddOptions<Systemic.SystemicOptions>().BindConfiguration(Systemic.SystemicOptions.Section);
        services.AddScoped<Systemic.SystemicDetector>();
        services.AddScoped<Systemic.ManageSystemicIssues>();
        services.AddDomainEventHandler<Systemic.DisputeClusterTouched, Systemic.DetectSystemicIssues>();
        services.AddHostedService<Systemic.SystemicSweep>();
        services.AddScoped<Statistics.MediationStatistics>();
        return services;
    }

    /// <summary>Maps the module's API under the host's versioned API group (<c>/api/v1/mediation/…</c>).</summary>
    public static IEndpointRouteBuilder MapMediation(this IEndpointRouteBuilder api)
    {
        api.MapCommittees(Kernel.Access.Policies.ApiPolicy);
        api.MapDisputes(Kernel.Access.Policies.ApiPolicy);
        Sessions.SessionEndpoints.MapSessions(api, Kernel.Access.Policies.ApiPolicy);
        Workbench.WorkbenchEndpoints.MapMediationWorkbench(api, Kernel.Access.Policies.ApiPolicy);
        Tiers.TierEndpoints.MapTiers(api, Kernel.Access.Policies.ApiPolicy);
        FollowUps.FollowUpEndpoints.MapFollowUps(api, Kernel.Access.Policies.ApiPolicy);
        Agreements.AgreementEndpoints.MapAgreements(api, Kernel.Access.Policies.ApiPolicy);
        Systemic.SystemicEndpoints.MapSystemicIssues(api, Kernel.Access.Policies.ApiPolicy);
        Statistics.StatisticsEndpoints.MapMediationStatistics(api, Kernel.Access.Policies.ApiPolicy);
        return api;
    }
}
