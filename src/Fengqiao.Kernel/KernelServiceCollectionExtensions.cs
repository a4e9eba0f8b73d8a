using Fengqiao.Kernel.Access;
using Fengqiao.Kernel.Audit;
using Fengqiao.Kernel.Calendar;
using Fengqiao.Kernel.Data;
using Fengqiao.Kernel.Messaging;
using Fengqiao.Kernel.Notifications;
using Fengqiao.Kernel.Privacy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace Fengqiao.Kernel;

public static class KernelServiceCollectionExtensions
{
    public const string SqliteMigrationsAssembly = "Fengqiao.Migrations.Sqlite";
    public const string PostgreSqlMigrationsAssembly = "Fengqiao.Migrations.PostgreSql";

    /// <summary>
    /// The kernel every module stands on: the database, the current actor and its jurisdiction, audit, working-time
    /// calendar, domain events with the outbox, notifications, and personal-data protection.
    /// </summary>
    public static IServiceCollection AddFengqiaoKernel(this IServiceCollection services, IConfiguration configuration, bool runOutboxWorker = true)
    {
        services.Configure<DatabaseOptions>(configuration.GetSection(DatabaseOptions.Section));
        // The binder appends configured list items to the defaults; configured lists must replace them instead.
        services.Configure<WorkingTimeOptions>(options =>
        {
            var section = configuration.GetSection(WorkingTimeOptions.Section);
            if (section.GetSection(nameof(WorkingTimeOptions.Periods)).GetChildren().Any())
            {
                options.Periods.Clear();
            }

            if (section.GetSection(nameof(WorkingTimeOptions.Weekend)).GetChildren().Any())
            {
                options.Weekend.Clear();
            }
        });
        services.Configure<WorkingTimeOptions>(configuration.GetSection(WorkingTimeOptions.Section));
        services.Configure<OutboxOptions>(configuration.GetSection(OutboxOptions.Section));
        var database = configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions();

        services.TryAddSingleton(TimeProvider.System);
        services.AddScoped<CurrentActor>();
        services.AddScoped<ICurrentActor>(sp => sp.GetRequiredService<CurrentActor>());

        var connectionString = database.ResolveConnectionString();
        var checkpointInBackground = runOutboxWorker && database.Provider == DatabaseProvider.Sqlite && database.SqliteCheckpointIntervalMilliseconds > 0;
        if (checkpointInBackground)
        {
            services.AddSingleton(sp => new SqliteCheckpointer(
                connectionString, TimeSpan.FromMilliseconds(database.SqliteCheckpointIntervalMilliseconds), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<SqliteCheckpointer>>()));
            services.AddHostedService(sp => sp.GetRequiredService<SqliteCheckpointer>());
        }

        // The options are built once (they depend only on configuration and singleton interceptors): built per scope, they
        // cost every request that touches the database a few per cent of its CPU (docs/benchmarks.md, intake profile).
        services.AddDbContext<FengqiaoDbContext>(
            (sp, options) =>
            {
                UseProvider(options, database.Provider, connectionString);
                if (checkpointInBackground)
                {
                    options.AddInterceptors(SqliteCheckpointer.LeaveToBackground);
                }

                // Modules add to every SaveChanges through interceptors (e.g. the cases' indicator roll-up marks, ADR 0018).
                options.AddInterceptors(sp.GetServices<Microsoft.EntityFrameworkCore.Diagnostics.IInterceptor>());
            },
            optionsLifetime: ServiceLifetime.Singleton);
        services.AddScoped<IEventPublisher>(sp => sp.GetRequiredService<FengqiaoDbContext>());

        services.AddSingleton<DomainEventRegistry>();
        services.AddSingleton<OutboxSignal>();
        services.AddSingleton<OutboxDispatcher>();
        if (runOutboxWorker)
        {
            services.AddHostedService<OutboxWorker>();
        }

        services.AddScoped<IAuditTrail, AuditTrail>();
        services.AddScoped<AuditChainVerifier>();
        services.AddSingleton<WorkingCalendarProvider>();
        services.AddScoped<CalendarImporter>();

        services.AddFengqiaoPrivacy(configuration);

        services.AddScoped<Notifier>();
        services.TryAddSingleton<INotificationPush, NoPush>();
        services.AddDomainEventHandler<StaffNoticeSent, DeliverStaffNotice>();
        services.AddDomainEventHandler<AccountSecurityChanged, TellAccountHolder>();
        return services;
    }

    /// <summary>Registers a handler; each handler of an event gets its own outbox delivery.</summary>
    public static IServiceCollection AddDomainEventHandler<TEvent, THandler>(this IServiceCollection services)
        where TEvent : IDomainEvent
        where THandler : class, IDomainEventHandler<TEvent>
    {
        services.AddScoped<THandler>();
        services.AddSingleton(new HandlerRegistration(typeof(TEvent), typeof(THandler)));
        return services;
    }

    /// <summary>
    /// Registers a handler that acts only on the events <paramref name="wants"/> accepts: the others get no outbox row
    /// (no lease, no delivery). The handler should start with the same test, so a row queued before the filter existed
    /// is still ignored.
    /// </summary>
    public static IServiceCollection AddDomainEventHandler<TEvent, THandler>(this IServiceCollection services, Func<TEvent, bool> wants)
        where TEvent : IDomainEvent
        where THandler : class, IDomainEventHandler<TEvent>
    {
        ArgumentNullException.ThrowIfNull(wants);
        services.AddScoped<THandler>();
        services.AddSingleton(new HandlerRegistration(typeof(TEvent), typeof(THandler), e => e is TEvent typed && wants(typed)));
        return services;
    }

    /// <summary>
    /// Statements Npgsql prepares on each PostgreSQL connection once they recur, unless the connection string says
    /// otherwise: the intake writer's fixed-size inserts (RowInserter: sizes 1…64 for each of about ten tables) and the
    /// application's frequent queries. Npgsql prepares nothing by default, and parsing the writer's statements anew
    /// was a visible part of the server's work (docs/benchmarks.md, ADR 0022).
    /// </summary>
    public const int DefaultMaxAutoPrepare = 256;

    /// <summary>Configures EF for the provider; on PostgreSQL with automatic preparation (<see cref="DefaultMaxAutoPrepare"/>).</summary>
    public static void UseProvider(DbContextOptionsBuilder options, DatabaseProvider provider, string connectionString)
    {
        if (provider == DatabaseProvider.PostgreSql)
        {
            options.UseNpgsql(WithAutomaticPreparation(connectionString), npgsql => npgsql.UseNetTopologySuite().MigrationsAssembly(PostgreSqlMigrationsAssembly));
        }
        else
        {
            options.UseSqlite(connectionString, sqlite => sqlite.MigrationsAssembly(SqliteMigrationsAssembly))
                .AddInterceptors(SqlitePlannerHints.Interceptor, SqliteBusyWait.Instance);
        }

        options.AddInterceptors(TransactionTracker.Instance)
            .ReplaceService<Microsoft.EntityFrameworkCore.Infrastructure.IModelCacheKeyFactory, ModuleSetModelCacheKeyFactory>();
    }

    /// <summary>The PostgreSQL connection string with <see cref="DefaultMaxAutoPrepare"/> unless it sets its own.</summary>
    internal static string WithAutomaticPreparation(string connectionString)
    {
        // Npgsql's builder answers ContainsKey for every keyword it knows; only the plain one tells what was given.
        var given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString };
        return given.ContainsKey("Max Auto Prepare") || given.ContainsKey("MaxAutoPrepare")
            ? connectionString
            : new Npgsql.NpgsqlConnectionStringBuilder(connectionString) { MaxAutoPrepare = DefaultMaxAutoPrepare }.ConnectionString;
    }

    /// <summary>Used where no live connection exists (CLI, tests without a web host).</summary>
    private sealed class NoPush : INotificationPush
    {
        public Task PushAsync(Guid userId, InboxItem item, CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
