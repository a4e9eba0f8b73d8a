using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Fengqiao.Kernel;
using Fengqiao.Kernel.Data;
using Fengqiao.Kernel.Messaging;
using Fengqiao.Kernel.Notifications;
using Fengqiao.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Fengqiao.Tests.Platform;

/// <summary>
/// Domain events reach their handlers through the outbox: staff notices land in the right inboxes exactly once, a
/// failing handler is retried with backoff, and an undelivered message survives a restart of the host.
/// </summary>
public sealed class OutboxTests(FengqiaoApp app) : IClassFixture<FengqiaoApp>
{
    private const string Community = "320282001001";     // 茶东社区, the demo community worker's
    private const string OtherCommunity = "320282001002"; // 荆东社区

    [Fact]
    public async Task Notice_to_the_grid_workers_of_a_community_reaches_its_grid_worker_only()
    {
        var community = await app.ClientForAsync("community");
        var title = $"关于开展汛期隐患排查的通知 {Guid.NewGuid():N}"[..30];

        var response = await community.PostAsJsonAsync("/api/v1/notices", new
        {
            unitCode = Community,
            title,
            body = "请各网格员于本周五前完成辖区内低洼地带、老旧房屋的隐患排查，并在系统中上报。",
            roles = new[] { "grid-worker" },
        });
        await app.DrainOutboxAsync();

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Single(await InboxAsync("grid"), m => m.Title == title);
        Assert.DoesNotContain(await InboxAsync("grid2"), m => m.Title == title);    // 荆东社区: another community
        Assert.DoesNotContain(await InboxAsync("mediator"), m => m.Title == title); // 茶东社区, but not a grid worker
    }

    [Fact]
    public async Task Notice_to_all_staff_reaches_everyone_in_the_subtree_except_its_sender()
    {
        var street = await app.ClientForAsync("street");
        var title = $"街道安全生产检查部署 {Guid.NewGuid():N}"[..20];

        var response = await street.PostAsJsonAsync("/api/v1/notices", new
        {
            unitCode = "320282001",
            title,
            body = "下周一起开展安全生产大检查，各社区、网格请做好配合。",
            roles = Array.Empty<string>(),
        });
        await app.DrainOutboxAsync();

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        foreach (var recipient in new[] { "community", "grid", "grid2", "mediator" })
        {
            Assert.Single(await InboxAsync(recipient), m => m.Title == title);
        }

        Assert.DoesNotContain(await InboxAsync("street"), m => m.Title == title);     // the sender
        Assert.DoesNotContain(await InboxAsync("supervisor"), m => m.Title == title); // 宜兴市: above the street
    }

    [Fact]
    public async Task Redelivered_notice_does_not_show_twice_in_an_inbox()
    {
        var community = await app.ClientForAsync("community");
        var title = $"垃圾分类督导安排 {Guid.NewGuid():N}"[..20];
        var sent = await community.PostAsJsonAsync("/api/v1/notices", new { unitCode = Community, title, body = "本周起每晚 18:00-20:00 在各投放点督导。", roles = new[] { "grid-worker" } });
        var noticeId = (await sent.Content.ReadFromJsonAsync<SentBody>())!.Id;
        await app.DrainOutboxAsync();
        Assert.Single(await InboxAsync("grid"), m => m.Title == title);

        var reset = await app.WithDbAsync(db => db.Outbox
            .Where(m => m.EventType == typeof(StaffNoticeSent).FullName && m.Payload.Contains(noticeId.ToString()))
            .ExecuteUpdateAsync(set => set.SetProperty(m => m.ProcessedAt, (DateTimeOffset?)null)));
        await app.DrainOutboxAsync();

        Assert.Equal(1, reset);
        var row = await app.WithDbAsync(db => db.Outbox.AsNoTracking().SingleAsync(m => m.Payload.Contains(noticeId.ToString())));
        Assert.NotNull(row.ProcessedAt);
        Assert.Single(await InboxAsync("grid"), m => m.Title == title);
    }

    [Fact]
    public async Task Grid_worker_may_not_send_notices()
    {
        var grid = await app.ClientForAsync("grid");
        var title = $"网格员擅发通知 {Guid.NewGuid():N}"[..20];

        var response = await grid.PostAsJsonAsync("/api/v1/notices", new { unitCode = "320282001001001", title, body = "测试", roles = Array.Empty<string>() });

        var problem = await Problem.ReadAsync(response, HttpStatusCode.Forbidden);
        Assert.Equal("forbidden", problem.Code);
        Assert.False(await app.WithDbAsync(db => db.StaffNotices.IgnoreQueryFilters().AnyAsync(n => n.Title == title)));
    }

    [Fact]
    public async Task Notice_to_a_unit_outside_the_senders_jurisdiction_is_not_found()
    {
        var community = await app.ClientForAsync("community");
        var title = $"越权通知 {Guid.NewGuid():N}"[..20];

        var response = await community.PostAsJsonAsync("/api/v1/notices", new { unitCode = OtherCommunity, title, body = "请荆东社区网格员注意。", roles = Array.Empty<string>() });

        var problem = await Problem.ReadAsync(response, HttpStatusCode.NotFound);
        Assert.Equal("not-found", problem.Code);
        Assert.False(await app.WithDbAsync(db => db.StaffNotices.IgnoreQueryFilters().AnyAsync(n => n.Title == title)));
    }

    [Fact]
    public async Task Failing_handler_is_retried_with_backoff_until_it_succeeds()
    {
        await using var patrol = new PatrolApp(failures: 2);
        await patrol.InitializeAsync();
        var patrolled = new GridPatrolLogged("320282001001001", "茶东社区第一网格：3 号楼楼道堆物已清理");
        await PublishAsync(patrol, patrolled);

        var firstTry = DateTimeOffset.UtcNow;
        await patrol.DrainOutboxAsync();
        var afterFirst = await patrol.MessageAsync();

        Assert.Equal(1, afterFirst.Attempts);
        Assert.Null(afterFirst.ProcessedAt);
        Assert.Null(afterFirst.FailedAt);
        Assert.Contains("巡查台账服务暂时不可用", afterFirst.LastError);
        Assert.InRange(afterFirst.NextAttemptAt, firstTry.AddSeconds(1).AddMilliseconds(-5), DateTimeOffset.UtcNow.AddSeconds(1).AddMilliseconds(5));

        await patrol.MakeDueAsync();
        var secondTry = DateTimeOffset.UtcNow;
        await patrol.DrainOutboxAsync();
        var afterSecond = await patrol.MessageAsync();

        Assert.Equal(2, afterSecond.Attempts);
        Assert.Null(afterSecond.ProcessedAt);
        Assert.InRange(afterSecond.NextAttemptAt, secondTry.AddSeconds(2).AddMilliseconds(-5), DateTimeOffset.UtcNow.AddSeconds(2).AddMilliseconds(5));

        await patrol.MakeDueAsync();
        await patrol.DrainOutboxAsync();
        var delivered = await patrol.MessageAsync();

        Assert.NotNull(delivered.ProcessedAt);
        Assert.Null(delivered.LastError);
        Assert.Equal(2, delivered.Attempts);
        Assert.Equal([patrolled], patrol.Log.Delivered);
        Assert.Equal(3, patrol.Log.Calls);
    }

    [Fact]
    public async Task One_round_delivers_a_whole_batch_and_a_failing_delivery_in_it_holds_back_only_itself()
    {
        await using var patrol = new PatrolApp(failures: 1);
        await patrol.InitializeAsync();
        await patrol.DrainOutboxAsync(); // what the demo seeding queued, so that the round below holds only the patrols
        GridPatrolLogged[] patrols =
        [
            new("320282001001001", "茶东社区第一网格：5 号楼楼道电动车充电已劝离"),
            new("320282001001001", "茶东社区第一网格：菜场西侧占道经营已劝导"),
            new("320282001002001", "荆东社区第一网格：河道护栏松动已报修"),
        ];
        await patrol.AsSystemAsync(async sp =>
        {
            foreach (var patrolled in patrols)
            {
                sp.GetRequiredService<IEventPublisher>().Publish(patrolled);
            }

            return await sp.GetRequiredService<FengqiaoDbContext>().SaveChangesAsync();
        });

        var attempted = await patrol.AsSystemAsync(sp => sp.GetRequiredService<OutboxDispatcher>().DispatchDueAsync(CancellationToken.None));
        var messages = await patrol.MessagesAsync();

        Assert.Equal(3, attempted);
        Assert.Equal(3, patrol.Log.Calls);
        Assert.Equal(2, messages.Count(m => m.ProcessedAt is not null && m.Attempts == 0 && m.LockedUntil is null));
        var failed = Assert.Single(messages, m => m.ProcessedAt is null);
        Assert.Equal(1, failed.Attempts);
        Assert.Null(failed.LockedUntil);
        Assert.Contains("巡查台账服务暂时不可用", failed.LastError);
        Assert.Equal(2, patrol.Log.Delivered.Count);
    }

    [Fact]
    public async Task A_batch_handler_gets_all_its_rows_of_a_round_in_one_call_and_each_row_is_recorded_delivered()
    {
        await using var patrol = new PatrolApp(failures: 0);
        await patrol.InitializeAsync();
        await patrol.DrainOutboxAsync();
        HydrantChecked[] checks =
        [
            new("320282001001001", "茶东社区 3 号楼东侧消火栓水压正常"),
            new("320282001001001", "茶东社区菜场北门消火栓已除锈"),
            new("320282001002001", "荆东社区河边消火栓标识已补贴"),
        ];
        await PublishAllAsync(patrol, checks);

        var attempted = await patrol.AsSystemAsync(sp => sp.GetRequiredService<OutboxDispatcher>().DispatchDueAsync(CancellationToken.None));

        Assert.Equal(3, attempted);
        var call = Assert.Single(patrol.Hydrants.Calls);
        Assert.Equal(checks.ToHashSet(), call.ToHashSet());
        Assert.All(await patrol.MessagesAsync<HydrantLedgerHandler>(), m => Assert.True(m.ProcessedAt is not null && m.Attempts == 0 && m.LockedUntil is null && m.LastError is null));
    }

    [Fact]
    public async Task A_failing_batch_is_delivered_row_by_row_so_that_only_the_bad_row_waits_for_a_retry()
    {
        await using var patrol = new PatrolApp(failures: 0);
        await patrol.InitializeAsync();
        await patrol.DrainOutboxAsync();
        HydrantChecked[] checks =
        [
            new("320282001001001", "茶东社区 5 号楼消火栓水压正常"),
            new("320282001001001", $"茶东社区幼儿园门口消火栓{HydrantLedger.Broken}"),
            new("320282001002001", "荆东社区菜场消火栓已除锈"),
        ];
        await PublishAllAsync(patrol, checks);

        var attempted = await patrol.AsSystemAsync(sp => sp.GetRequiredService<OutboxDispatcher>().DispatchDueAsync(CancellationToken.None));
        var messages = await patrol.MessagesAsync<HydrantLedgerHandler>();

        Assert.Equal(3, attempted);
        Assert.Equal([3, 1, 1, 1], patrol.Hydrants.Calls.Select(c => c.Count)); // the batch, then each row on its own
        Assert.Equal(new[] { checks[0], checks[2] }.ToHashSet(), patrol.Hydrants.Recorded.ToHashSet());
        Assert.Equal(2, messages.Count(m => m.ProcessedAt is not null && m.Attempts == 0));
        var failed = Assert.Single(messages, m => m.ProcessedAt is null);
        Assert.Equal(1, failed.Attempts);
        Assert.Contains(HydrantLedger.Broken, failed.LastError);
        Assert.Equal(checks[1], JsonSerializer.Deserialize<HydrantChecked>(failed.Payload, JsonSerializerOptions.Web));
    }

    [Fact]
    public async Task A_message_leased_by_another_node_is_left_to_it()
    {
        await using var patrol = new PatrolApp(failures: 0);
        await patrol.InitializeAsync();
        await patrol.DrainOutboxAsync();
        await PublishAsync(patrol, new GridPatrolLogged("320282001001001", "茶东社区第一网格：健身器材损坏已报修"));
        var leasedUntil = DateTimeOffset.UtcNow.AddMinutes(1);
        await patrol.WithDbAsync(db => db.Outbox.Where(m => m.Handler == typeof(FlakyLedgerHandler).FullName).ExecuteUpdateAsync(set => set.SetProperty(m => m.LockedUntil, leasedUntil).SetProperty(m => m.LockedBy, "另一节点")));

        var attempted = await patrol.AsSystemAsync(sp => sp.GetRequiredService<OutboxDispatcher>().DispatchDueAsync(CancellationToken.None));

        Assert.Equal(0, attempted);
        Assert.Equal(0, patrol.Log.Calls);
        var message = await patrol.MessageAsync();
        Assert.Null(message.ProcessedAt);
        Assert.Equal("另一节点", message.LockedBy);
    }

    [Fact]
    public async Task A_backlog_larger_than_a_batch_is_delivered_in_one_pass_without_waiting_for_the_poll()
    {
        // Batches of two and an hour between polls: only running round after round can deliver seven rows now.
        await using var patrol = new PatrolApp(failures: 0, settings: SlowPoll);
        await patrol.InitializeAsync();
        await patrol.DrainOutboxAsync();
        var patrols = Enumerable.Range(1, 7).Select(i => new GridPatrolLogged("320282001001001", $"茶东社区第一网格：第 {i} 处楼道堆物已清理")).ToArray();
        await PublishAllAsync(patrol, patrols);

        var attempted = await patrol.AsSystemAsync(sp => sp.GetRequiredService<OutboxDispatcher>().DispatchBacklogAsync(CancellationToken.None));

        Assert.Equal(7, attempted);
        Assert.Equal(patrols.ToHashSet(), patrol.Log.Delivered.ToHashSet());
        Assert.All(await patrol.MessagesAsync(), m => Assert.NotNull(m.ProcessedAt));
    }

    [Fact]
    public async Task The_worker_woken_by_one_commit_delivers_a_backlog_of_several_batches()
    {
        var database = await TestDatabase.CreateAsync();
        try
        {
            await using var patrol = new PatrolApp(database, runWorker: true, failures: 0, settings: SlowPoll);
            await patrol.InitializeAsync();
            var patrols = Enumerable.Range(1, 9).Select(i => new GridPatrolLogged("320282001002001", $"荆东社区第一网格：第 {i} 盏路灯已报修")).ToArray();
            await PublishAllAsync(patrol, patrols);

            // One commit wakes the worker once; before, it delivered one batch (two rows) and then slept for the hour.
            var delivered = await patrol.MessagesAsync();
            for (var waited = TimeSpan.Zero; delivered.Any(m => m.ProcessedAt is null) && waited < TimeSpan.FromSeconds(30); waited += TimeSpan.FromMilliseconds(100))
            {
                await Task.Delay(100);
                delivered = await patrol.MessagesAsync();
            }

            Assert.Equal(9, delivered.Count);
            Assert.All(delivered, m => Assert.NotNull(m.ProcessedAt));
            Assert.Equal(patrols.ToHashSet(), patrol.Log.Delivered.ToHashSet());
        }
        finally
        {
            await database.DisposeAsync();
        }
    }

    [Fact]
    public async Task Undelivered_message_survives_a_restart_and_the_new_host_delivers_it()
    {
        var database = await TestDatabase.CreateAsync();
        try
        {
            var patrolled = new GridPatrolLogged("320282001002001", "荆东社区第一网格：小区东门路灯损坏已报修");
            await using (var first = new PatrolApp(database, runWorker: false, failures: 1))
            {
                await first.InitializeAsync();
                await PublishAsync(first, patrolled);
                await first.DrainOutboxAsync();
                Assert.Equal(1, (await first.MessageAsync()).Attempts);
                Assert.Empty(first.Log.Delivered);
            }

            // A new process on the same database: its own background worker finds the message when it falls due.
            await using var second = new PatrolApp(database, runWorker: true, failures: 0);
            await second.InitializeAsync();
            var message = await second.MessageAsync();
            for (var waited = TimeSpan.Zero; message.ProcessedAt is null && waited < TimeSpan.FromSeconds(20); waited += TimeSpan.FromMilliseconds(100))
            {
                await Task.Delay(100);
                message = await second.MessageAsync();
            }

            Assert.NotNull(message.ProcessedAt);
            Assert.Equal(1, message.Attempts);
            Assert.Equal([patrolled], second.Log.Delivered);
        }
        finally
        {
            await database.DisposeAsync();
        }
    }

    private static readonly Dictionary<string, string?> SlowPoll = new() { ["Outbox:BatchSize"] = "2", ["Outbox:PollInterval"] = "01:00:00" };

    /// <summary>Raises the events as the system would and commits them together (one commit, one wake-up of the worker).</summary>
    private static Task<int> PublishAllAsync(FengqiaoApp host, IEnumerable<IDomainEvent> patrols) =>
        host.AsSystemAsync(async sp =>
        {
            foreach (var patrolled in patrols)
            {
                sp.GetRequiredService<IEventPublisher>().Publish(patrolled);
            }

            return await sp.GetRequiredService<FengqiaoDbContext>().SaveChangesAsync();
        });

    private async Task<List<InboxBody>> InboxAsync(string userName)
    {
        var client = await app.ClientForAsync(userName);
        return (await client.GetFromJsonAsync<List<InboxBody>>("/api/v1/inbox?take=200"))!;
    }

    /// <summary>Raises the event as the system would, outside any entity, and commits it with the unit of work.</summary>
    private static Task<int> PublishAsync(FengqiaoApp host, GridPatrolLogged patrolled) =>
        host.AsSystemAsync(async sp =>
        {
            sp.GetRequiredService<IEventPublisher>().Publish(patrolled);
            return await sp.GetRequiredService<FengqiaoDbContext>().SaveChangesAsync();
        });

    private sealed record SentBody(Guid Id);

    private sealed record InboxBody(Guid Id, string Title, string Body, bool IsRead);
}

/// <summary>A grid patrol written to the patrol ledger (巡查台账), an outside system reached by a handler.</summary>
public sealed record GridPatrolLogged(string GridCode, string Note) : IDomainEvent;

/// <summary>What the flaky ledger handler saw; one per host, so two hosts in one test do not share it.</summary>
public sealed class PatrolLedger(int failures)
{
    private readonly Lock _gate = new();
    private readonly List<GridPatrolLogged> _delivered = [];
    private int _failuresLeft = failures;

    public int Calls { get; private set; }

    public IReadOnlyList<GridPatrolLogged> Delivered
    {
        get
        {
            lock (_gate)
            {
                return [.. _delivered];
            }
        }
    }

    public void Record(GridPatrolLogged patrolled)
    {
        lock (_gate)
        {
            Calls++;
            if (_failuresLeft > 0)
            {
                _failuresLeft--;
                throw new InvalidOperationException($"巡查台账服务暂时不可用（第 {Calls} 次调用）。");
            }

            _delivered.Add(patrolled);
        }
    }
}

/// <summary>Writes the patrol to the ledger, which fails the first few times.</summary>
public sealed class FlakyLedgerHandler(PatrolLedger ledger) : IDomainEventHandler<GridPatrolLogged>
{
    public Task HandleAsync(GridPatrolLogged domainEvent, CancellationToken cancellationToken)
    {
        ledger.Record(domainEvent);
        return Task.CompletedTask;
    }
}

/// <summary>A fire hydrant checked on patrol (消火栓检查), written to a ledger that takes several entries at once.</summary>
public sealed record HydrantChecked(string GridCode, string Note) : IDomainEvent;

/// <summary>What the hydrant ledger handler was called with; it refuses every call that holds a broken entry.</summary>
public sealed class HydrantLedger
{
    public const string Broken = "损坏无法登记";

    private readonly Lock _gate = new();
    private readonly List<IReadOnlyList<HydrantChecked>> _calls = [];
    private readonly List<HydrantChecked> _recorded = [];

    public IReadOnlyList<IReadOnlyList<HydrantChecked>> Calls
    {
        get
        {
            lock (_gate)
            {
                return [.. _calls];
            }
        }
    }

    public IReadOnlyList<HydrantChecked> Recorded
    {
        get
        {
            lock (_gate)
            {
                return [.. _recorded];
            }
        }
    }

    public void Record(IReadOnlyList<HydrantChecked> checks)
    {
        lock (_gate)
        {
            _calls.Add([.. checks]);
            if (checks.Any(c => c.Note.Contains(Broken, StringComparison.Ordinal)))
            {
                throw new InvalidOperationException($"台账拒收：{Broken}");
            }

            _recorded.AddRange(checks);
        }
    }
}

/// <summary>Writes hydrant checks to the ledger, a round's worth at a time.</summary>
public sealed class HydrantLedgerHandler(HydrantLedger ledger) : IDomainEventBatchHandler<HydrantChecked>
{
    public Task HandleAsync(HydrantChecked domainEvent, CancellationToken cancellationToken) => HandleBatchAsync([domainEvent], cancellationToken);

    public Task HandleBatchAsync(IReadOnlyList<HydrantChecked> domainEvents, CancellationToken cancellationToken)
    {
        ledger.Record(domainEvents);
        return Task.CompletedTask;
    }
}

/// <summary>
/// The host with the flaky ledger handler registered. Without its background worker the test alone decides when
/// delivery is attempted, so attempts and backoff can be observed one by one.
/// </summary>
public sealed class PatrolApp : FengqiaoApp
{
    private readonly bool _runWorker;
    private readonly IReadOnlyDictionary<string, string?> _settings;

    public PatrolApp(int failures, IReadOnlyDictionary<string, string?>? settings = null)
    {
        Log = new PatrolLedger(failures);
        _settings = settings ?? new Dictionary<string, string?>();
    }

    public PatrolApp(TestDatabase database, bool runWorker, int failures, IReadOnlyDictionary<string, string?>? settings = null)
        : base(database)
    {
        _runWorker = runWorker;
        Log = new PatrolLedger(failures);
        _settings = settings ?? new Dictionary<string, string?>();
    }

    protected override IReadOnlyDictionary<string, string?> Settings => _settings;

    public PatrolLedger Log { get; }

    public HydrantLedger Hydrants { get; } = new();

    public Task<OutboxMessage> MessageAsync() =>
        WithDbAsync(db => db.Outbox.AsNoTracking().SingleAsync(m => m.Handler == typeof(FlakyLedgerHandler).FullName));

    public Task<List<OutboxMessage>> MessagesAsync() => MessagesAsync<FlakyLedgerHandler>();

    public Task<List<OutboxMessage>> MessagesAsync<THandler>() =>
        WithDbAsync(db => db.Outbox.AsNoTracking().Where(m => m.Handler == typeof(THandler).FullName).ToListAsync());

    /// <summary>Moves the next attempt into the past instead of waiting out the backoff.</summary>
    public Task<int> MakeDueAsync() =>
        WithDbAsync(db => db.Outbox
            .Where(m => m.Handler == typeof(FlakyLedgerHandler).FullName)
            .ExecuteUpdateAsync(set => set.SetProperty(m => m.NextAttemptAt, DateTimeOffset.UtcNow.AddSeconds(-1))));

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(services =>
        {
            services.AddSingleton(Log);
            services.AddDomainEventHandler<GridPatrolLogged, FlakyLedgerHandler>();
            services.AddSingleton(Hydrants);
            services.AddDomainEventHandler<HydrantChecked, HydrantLedgerHandler>();
        });
        if (!_runWorker)
        {
            builder.ConfigureTestServices(services => services.Remove(
                services.Single(d => d.ServiceType == typeof(IHostedService) && d.ImplementationType == typeof(OutboxWorker))));
        }
    }
}
