using System.Security.Claims;
using Fengqiao.Cases.Domain;
using Fengqiao.Cases.Queries;
using Fengqiao.Kernel.Access;
using Fengqiao.Kernel.Data;
using Fengqiao.Kernel.Units;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using static Fengqiao.Tests.Cases.CaseFixtures;
using static Fengqiao.Tests.Cases.StaffConsole.ConsoleFixtures;

namespace Fengqiao.Tests.Cases.StaffConsole;

/// <summary>
/// The queue rules that keep a street's console fast over a million cases (docs/benchmarks.md): totals and counts stop at
/// 1,000 and say so, the deadline queues put cases without a deadline last, and the jurisdiction filter is a plain unit-path
/// prefix that still never reaches a neighbour whose code merely begins with the caller's. Its own host: the thousand
/// cloned cases must not disturb the counts other console tests read.
/// </summary>
public sealed class QueueScaleTests(StaffConsoleApp app) : IClassFixture<StaffConsoleApp>
{
    [Fact]
    public async Task Totals_and_queue_counts_are_exact_up_to_a_thousand_and_beyond_it_read_one_thousand_and_one_flagged_as_capped()
    {
        var tag = NewTag();
        using var resident = app.CreateClient();
        var template = await ReportAsync(app, resident, Grid, $"{tag} 小区南门路灯不亮", "E0102");
        await CloneAsync(template.Id, 1_004, (_, _) => { });
        var few = NewTag();
        await ReportAsync(app, resident, Grid, $"{few} 楼道堆放杂物", "E0102");
        await ReportAsync(app, resident, OtherGrid, $"{few} 井盖松动", "E0102");

        using var street = await app.ClientForAsync("street");
        var capped = await ReadAsync<CasePage>(await street.GetAsync($"/api/v1/cases?queue=All&text={Uri.EscapeDataString(tag)}&pageSize=20"));
        Assert.True(capped.TotalCapped);
        Assert.Equal(CaseQueries.CountCap + 1, capped.Total);
        Assert.Equal(20, capped.Items.Count);

        // Page 51 (rows 1,001–1,020) still exists behind "1000+".
        var beyond = await ReadAsync<CasePage>(await street.GetAsync($"/api/v1/cases?queue=All&text={Uri.EscapeDataString(tag)}&pageSize=20&page=51"));
        Assert.Equal(5, beyond.Items.Count);

        var exact = await ReadAsync<CasePage>(await street.GetAsync($"/api/v1/cases?queue=All&text={Uri.EscapeDataString(few)}"));
        Assert.False(exact.TotalCapped);
        Assert.Equal(2, exact.Total);

        // Every clone waits to be filed (automatic filing is off in this host), so 待立案 holds more than the cap.
        var counts = await ReadAsync<QueueCounts>(await street.GetAsync("/api/v1/cases/counts"));
        Assert.Equal(CaseQueries.CountCap, counts.Cap);
        Assert.Equal(CaseQueries.CountCap + 1, counts.ToFile);
        Assert.True(counts.Overdue <= CaseQueries.CountCap, "a small queue is counted exactly");
    }

    [Fact]
    public async Task My_queue_and_the_overdue_queue_put_the_earliest_deadline_first_and_cases_without_a_deadline_last()
    {
        var tag = NewTag();
        using var resident = app.CreateClient();
        var template = await ReportAsync(app, resident, Grid, $"{tag} 宜城街道茶东社区绿化带被占用", "E0102");
        var now = DateTimeOffset.UtcNow;
        DateTimeOffset?[] due = [now.AddHours(2), null, now.AddHours(1), now.AddHours(-1), now.AddHours(-3)];
        var clones = await CloneAsync(template.Id, due.Length, (entry, i) =>
        {
            entry.Property(c => c.Status).CurrentValue = due[i] is null ? CaseStatus.Suspended : CaseStatus.InProgress;
            entry.Property(c => c.Stage).CurrentValue = CaseStage.Disposal;
            entry.Property(c => c.StageDueAt).CurrentValue = due[i];
            entry.Property(c => c.StageDueSoonAt).CurrentValue = due[i]?.AddMinutes(-30);
            entry.Property(c => c.HolderLevel).CurrentValue = UnitLevel.Grid;
            entry.Property(c => c.HolderUnitCode).CurrentValue = Grid;
            entry.Property(c => c.AssignedDepartmentCode).CurrentValue = null;
            entry.Property(c => c.ReportedAt).CurrentValue = now.AddDays(-1).AddMinutes(i);
        });

        using var grid = await app.ClientForAsync("grid");
        var mine = await ReadAsync<CasePage>(await grid.GetAsync($"/api/v1/cases?queue=Mine&text={Uri.EscapeDataString(tag)}"));
        Assert.Equal([clones[4], clones[3], clones[2], clones[0], clones[1]], mine.Items.Select(c => c.Id));
        Assert.Null(mine.Items[^1].DueAt);

        var overdue = await ReadAsync<CasePage>(await grid.GetAsync($"/api/v1/cases?queue=Overdue&text={Uri.EscapeDataString(tag)}"));
        Assert.Equal([clones[4], clones[3]], overdue.Items.Select(c => c.Id));
    }

    [Fact]
    public async Task A_community_never_sees_a_neighbour_whose_code_merely_begins_with_its_own_code()
    {
        var tag = NewTag();
        using var resident = app.CreateClient();
        var template = await ReportAsync(app, resident, Grid, $"{tag} 宜城街道茶东社区路面坑洼", "E0102");
        var templatePath = await app.WithDbAsync(db => db.Set<Case>().Where(c => c.Id == template.Id).Select(c => c.UnitPath).SingleAsync());
        var communityPath = templatePath[..(templatePath.IndexOf("/" + Community + "/", StringComparison.Ordinal) + Community.Length + 2)];

        // 3202820010019 begins with 茶东社区's code 320282001001 but is its sibling under 宜城街道, not a unit below it.
        var clones = await CloneAsync(template.Id, 2, (entry, i) =>
        {
            entry.Property(c => c.UnitPath).CurrentValue = i == 0 ? communityPath : communityPath[..^1] + "9/";
            entry.Property(c => c.GridCode).CurrentValue = null;
        });

        async Task<IReadOnlyList<Guid>> Seen(string user)
        {
            using var client = await app.ClientForAsync(user);
            var page = await ReadAsync<CasePage>(await client.GetAsync($"/api/v1/cases?queue=All&text={Uri.EscapeDataString(tag)}"));
            return [.. page.Items.Select(c => c.Id)];
        }

        Assert.Equal(new[] { template.Id, clones[0] }.Order(), (await Seen("community")).Order());
        Assert.Equal(new[] { template.Id, clones[0], clones[1] }.Order(), (await Seen("street")).Order());
        Assert.Equal([template.Id], await Seen("grid"));
    }

    [Fact]
    public async Task The_jurisdiction_filter_is_one_plain_unit_path_prefix_per_unit_and_the_system_scope_matches_every_path()
    {
        var streetSql = await SqlForAsync("street", Fengqiao.Kernel.Identity.Roles.StreetOfficer);
        Assert.Contains("\"UnitPath\" LIKE @", streetSql, StringComparison.Ordinal);
        Assert.DoesNotContain("EXISTS", streetSql, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("substr", streetSql, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(" OR ", streetSql, StringComparison.Ordinal);

        // A department handler also reaches the department's assignments (the general form, as before).
        var handlerSql = await SqlForAsync("handler", Fengqiao.Kernel.Identity.Roles.DepartmentHandler);
        Assert.Contains("AssignedDepartmentCode", handlerSql, StringComparison.Ordinal);

        var systemSql = await app.WithDbAsync(db => Task.FromResult(db.Set<Case>().ToQueryString()));
        Assert.DoesNotContain("EXISTS", systemSql, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_streets_queue_pages_walk_an_ordering_index_instead_of_sorting_the_streets_cases()
    {
        // SQLite cannot size a unit-path range (no histograms) and took the street's prefix for a narrow one: it read the
        // street's million cases by unit path and sorted them for a 20-row page. The planner is now told the jurisdiction
        // is broad (ADR 0021); PostgreSQL, which sizes the range from its statistics, keeps the plain prefix LIKE.
        await using var scope = await ScopeForAsync("street", Fengqiao.Kernel.Identity.Roles.StreetOfficer);
        var db = scope.ServiceProvider.GetRequiredService<FengqiaoDbContext>();
        var queries = scope.ServiceProvider.GetRequiredService<CaseQueries>();
        var now = DateTimeOffset.UtcNow;
        IQueryable<Guid> Page(CaseQueue queue) => queries.PageIds(queries.Filtered(new CaseListQuery(queue, null, null, null, null, null, null, null, null, 1, 20), now), queue, 0, 20, broad: true);

        if (db.Provider == DatabaseProvider.PostgreSql)
        {
            var sql = Page(CaseQueue.All).ToQueryString();
            Assert.Contains("\"UnitPath\" LIKE @", sql, StringComparison.Ordinal);
            Assert.DoesNotContain("likelihood", sql, StringComparison.OrdinalIgnoreCase);
            return;
        }

        var interceptors = db.GetService<IDbContextOptions>()
            .FindExtension<CoreOptionsExtension>()!.Interceptors!;
        Assert.Contains(SqlitePlannerHints.Interceptor, interceptors);
        Assert.Contains("likelihood(\"c\".\"UnitPath\" LIKE @ef_filter__FilterPath0, 0.9375)", SqlitePlannerHints.Hint(Page(CaseQueue.All).ToQueryString(), db), StringComparison.Ordinal);
        var plain = queries.PageIds(queries.Filtered(new CaseListQuery(CaseQueue.All, null, null, null, null, null, null, null, null, 1, 20), now), CaseQueue.All, 0, 20, broad: false);
        Assert.Equal(await plain.ToListAsync(), await Page(CaseQueue.All).ToListAsync());

        // 全部: newest first straight from the (ReportedAt, UnitPath, Id) index, the jurisdiction checked on its entries.
        var all = await PlanAsync(db, Page(CaseQueue.All));
        Assert.Contains(all, step => step.Contains("IX_cases_ReportedAt_UnitPath_Id", StringComparison.Ordinal));
        Assert.DoesNotContain(all, step => step.Contains("TEMP B-TREE", StringComparison.Ordinal));

        // 待派遣 and 已超期: in deadline order from an index; only ties of one deadline are sorted, never the whole queue.
        foreach (var queue in new[] { CaseQueue.ToDispatch, CaseQueue.Overdue })
        {
            var plan = await PlanAsync(db, Page(queue));
            Assert.DoesNotContain(plan, step => step.Contains("USE TEMP B-TREE FOR ORDER BY", StringComparison.Ordinal));
            Assert.DoesNotContain(plan, step => step.Contains("IX_cases_UnitPath", StringComparison.Ordinal));
        }

        // 我的待办: the cases with a deadline in deadline order from the holder's open-case index.
        var mine = await PlanAsync(db, CaseQueries.MineWithDeadlinePageIds(queries.Filtered(new CaseListQuery(CaseQueue.Mine, null, null, null, null, null, null, null, null, 1, 20), now), 0, 20));
        Assert.Contains(mine, step => step.Contains("IX_cases_Open_HolderUnitCode_StageDueAt", StringComparison.Ordinal));
        Assert.DoesNotContain(mine, step => step.Contains("USE TEMP B-TREE FOR ORDER BY", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_grid_workers_counts_keep_the_unit_path_range_and_only_a_long_time_ordered_page_is_hinted()
    {
        // A grid holds a small share of a county's cases: its overdue count reads the grid's own entries of the overdue
        // index; told "broad", SQLite walked every overdue case of the county instead (0.6 s at 1 M cases).
        await using var scope = await ScopeForAsync("grid", Fengqiao.Kernel.Identity.Roles.GridWorker);
        var db = scope.ServiceProvider.GetRequiredService<FengqiaoDbContext>();
        var queries = scope.ServiceProvider.GetRequiredService<CaseQueries>();
        var overdue = queries.Filtered(new CaseListQuery(CaseQueue.Overdue, null, null, null, null, null, null, null, null, 1, 20), DateTimeOffset.UtcNow);
        var sql = overdue.ToQueryString();
        Assert.Equal(sql, SqlitePlannerHints.Hint(sql, db));
        Assert.DoesNotContain("likelihood", sql, StringComparison.OrdinalIgnoreCase);

        // Its "all" page in time order is hinted only when the total passed the cap (many cases in the grid).
        var all = queries.Filtered(new CaseListQuery(CaseQueue.All, null, null, null, null, null, null, null, null, 1, 20), DateTimeOffset.UtcNow);
        var shortPage = queries.PageIds(all, CaseQueue.All, 0, 20, broad: false).ToQueryString();
        var longPage = queries.PageIds(all, CaseQueue.All, 0, 20, broad: true).ToQueryString();
        Assert.DoesNotContain("likelihood", SqlitePlannerHints.Hint(shortPage, db), StringComparison.Ordinal);
        Assert.Equal(
            db.Provider == DatabaseProvider.Sqlite,
            SqlitePlannerHints.Hint(longPage, db).Contains("likelihood(\"c\".\"UnitPath\" LIKE @ef_filter__FilterPath0, 0.9375)", StringComparison.Ordinal));
    }

    /// <summary>SQLite's EXPLAIN QUERY PLAN of the command EF runs for <paramref name="query"/>: one line per step.</summary>
    private static async Task<List<string>> PlanAsync<T>(FengqiaoDbContext db, IQueryable<T> query)
    {
        await using var command = query.CreateDbCommand();
        command.CommandText = "EXPLAIN QUERY PLAN " + SqlitePlannerHints.Hint(command.CommandText, db);
        await db.Database.OpenConnectionAsync();
        try
        {
            await using var reader = await command.ExecuteReaderAsync();
            var steps = new List<string>();
            while (await reader.ReadAsync())
            {
                steps.Add(reader.GetString(3));
            }

            return steps;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>The SQL EF writes for the cases table as <paramref name="userName"/> sees it.</summary>
    private async Task<string> SqlForAsync(string userName, string role)
    {
        await using var scope = await ScopeForAsync(userName, role);
        return scope.ServiceProvider.GetRequiredService<FengqiaoDbContext>().Set<Case>().ToQueryString();
    }

    /// <summary>A service scope acting as <paramref name="userName"/> in <paramref name="role"/>.</summary>
    private async Task<AsyncServiceScope> ScopeForAsync(string userName, string role)
    {
        var userId = await app.WithDbAsync(db => db.Users.Where(u => u.UserName == userName).Select(u => u.Id).SingleAsync());
        var scope = app.Services.CreateAsyncScope();
        var actor = scope.ServiceProvider.GetRequiredService<CurrentActor>();
        actor.Set(new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, userId.ToString()), new Claim(ClaimTypes.Role, role)], "test")), null);
        await actor.LoadAsync();
        Assert.NotEmpty(actor.Scope.UnitPaths.Concat(actor.Scope.DepartmentKeys));
        return scope;
    }

    /// <summary>
    /// Copies of a case written straight to the database (a thousand reports through the API would only slow the test):
    /// new id and tracking code, then <paramref name="adjust"/> sets what the test needs.
    /// </summary>
    private Task<List<Guid>> CloneAsync(Guid templateId, int count, Action<EntityEntry<Case>, int> adjust) =>
        app.WithDbAsync(async db =>
        {
            var ids = new List<Guid>();
            for (var i = 0; i < count; i++)
            {
                var copy = await db.Set<Case>().AsNoTracking().SingleAsync(c => c.Id == templateId);
                var entry = db.Entry(copy);
                var id = Guid.NewGuid();
                entry.Property(c => c.Id).CurrentValue = id;
                entry.Property(c => c.TrackingCode).CurrentValue = Fengqiao.Cases.Intake.TrackingCodes.New();
                adjust(entry, i);
                entry.State = EntityState.Added;
                ids.Add(id);
            }

            await db.SaveChangesAsync();
            return ids;
        });
}
