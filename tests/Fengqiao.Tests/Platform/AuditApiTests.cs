using System.Net;
using System.Net.Http.Json;
using Fengqiao.Kernel.Audit;
using Fengqiao.Testing;
using Microsoft.EntityFrameworkCore;

namespace Fengqiao.Tests.Platform;

/// <summary>
/// Browsing the audit log within one's jurisdiction, and verifying its hash chain over HTTP — including after the
/// database was tampered with directly. Each tampering test runs on a host and database of its own.
/// </summary>
public sealed class AuditApiTests(FengqiaoApp app) : IClassFixture<FengqiaoApp>
{
    private const string OwnGrid = "320282001001001"; // 茶东社区第一网格

    [Fact]
    public async Task Supervisor_browses_the_entries_of_the_county()
    {
        var sequence = await UpdateOwnGridCardAsync(app, "网格员每日巡查，值班电话 24 小时畅通。");
        var supervisor = await app.ClientForAsync("supervisor");

        var page = await supervisor.GetFromJsonAsync<PageBody>("/api/v1/audit?action=units.update-public-card&pageSize=200");

        Assert.True(page!.Total >= 1);
        var entry = Assert.Single(page.Entries, e => e.Sequence == sequence);
        Assert.Equal($"unit:{OwnGrid}", entry.Target);
        Assert.Equal("grid", entry.ActorName);
        Assert.Equal(nameof(AuditOutcome.Succeeded), entry.Outcome);
        Assert.Equal("grid-worker", entry.Role);
        Assert.Equal(OwnGrid, entry.UnitCode);
        Assert.Matches("^[0-9a-f]{64}$", entry.Hash);
    }

    [Fact]
    public async Task Failed_sign_in_for_an_unknown_name_is_seen_by_an_administrator_but_not_by_a_supervisor()
    {
        var stranger = "wuming-" + Guid.NewGuid().ToString("N")[..8];
        var signIn = await app.CreateClient().PostAsJsonAsync("/api/v1/auth/token", new { userName = stranger, password = "guess12345x" });
        Assert.Equal(HttpStatusCode.Unauthorized, signIn.StatusCode);

        var asSupervisor = await (await app.ClientForAsync("supervisor")).GetFromJsonAsync<PageBody>("/api/v1/audit?action=auth.sign-in&outcome=Denied&pageSize=200");
        var asAdministrator = await (await app.ClientForAsync("admin")).GetFromJsonAsync<PageBody>("/api/v1/audit?action=auth.sign-in&outcome=Denied&pageSize=200");

        Assert.DoesNotContain(asSupervisor!.Entries, e => e.Target == $"user:{stranger}");
        var entry = Assert.Single(asAdministrator!.Entries, e => e.Target == $"user:{stranger}");
        Assert.Equal("anonymous", entry.ActorName);
        Assert.Equal(nameof(AuditOutcome.Denied), entry.Outcome);
    }

    [Fact]
    public async Task Street_officer_may_neither_browse_nor_verify_the_audit_log()
    {
        var street = await app.ClientForAsync("street");

        var browse = await street.GetAsync("/api/v1/audit");
        var verify = await street.PostAsync("/api/v1/audit/verify", null);

        await Problem.ReadAsync(browse, HttpStatusCode.Forbidden);
        await Problem.ReadAsync(verify, HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Chain_is_intact_after_ordinary_activity()
    {
        await UpdateOwnGridCardAsync(app, "网格员每日 8:00-20:00 在岗。");
        await app.CreateClient().PostAsJsonAsync("/api/v1/auth/token", new { userName = "grid2", password = "wrong-password-1" });
        var supervisor = await app.ClientForAsync("supervisor");

        var result = await VerifyAsync(supervisor);

        Assert.True(result.IsIntact);
        Assert.Empty(result.Problems);
        var stored = await app.WithDbAsync(db => db.AuditEntries.IgnoreQueryFilters().LongCountAsync());
        Assert.Equal(stored, result.EntriesChecked);
    }

    [Fact]
    public async Task Editing_an_entry_in_the_database_is_reported_as_edited_at_its_sequence()
    {
        await using var tampered = await StartAsync();
        var supervisor = await tampered.ClientForAsync("supervisor");
        var edited = await UpdateOwnGridCardAsync(tampered, "网格员每日巡查。");
        await UpdateOwnGridCardAsync(tampered, "网格员每日巡查，欢迎来电。");
        Assert.True((await VerifyAsync(supervisor)).IsIntact);

        await tampered.WithDbAsync(db => db.Database.ExecuteSqlAsync(
            $"""UPDATE audit_log SET "Detail" = {"值班电话=13800000000；服务时间=全天"} WHERE "Sequence" = {edited}"""));

        var result = await VerifyAsync(supervisor);
        Assert.False(result.IsIntact);
        var problem = Assert.Single(result.Problems);
        Assert.Equal(edited, problem.Sequence);
        Assert.Equal("edited", problem.Kind);
    }

    [Fact]
    public async Task Deleting_an_entry_from_the_middle_is_reported_as_deleted()
    {
        await using var tampered = await StartAsync();
        var supervisor = await tampered.ClientForAsync("supervisor");
        var deleted = await UpdateOwnGridCardAsync(tampered, "网格员每日巡查。");
        await UpdateOwnGridCardAsync(tampered, "网格员每日巡查，欢迎来电。");

        await tampered.WithDbAsync(db => db.Database.ExecuteSqlAsync($"""DELETE FROM audit_log WHERE "Sequence" = {deleted}"""));

        var result = await VerifyAsync(supervisor);
        Assert.False(result.IsIntact);
        var problem = Assert.Single(result.Problems, p => p.Kind == "deleted");
        Assert.Equal(deleted + 1, problem.Sequence);
        Assert.Contains($"第 {deleted} 至 {deleted} 条", problem.Description);
    }

    [Fact]
    public async Task Deleting_the_newest_entry_is_caught_by_the_chain_head()
    {
        await using var tampered = await StartAsync();
        var supervisor = await tampered.ClientForAsync("supervisor");
        await UpdateOwnGridCardAsync(tampered, "网格员每日巡查。");
        var newest = await tampered.WithDbAsync(db => db.AuditEntries.IgnoreQueryFilters().MaxAsync(e => e.Sequence));

        await tampered.WithDbAsync(db => db.Database.ExecuteSqlAsync($"""DELETE FROM audit_log WHERE "Sequence" = {newest}"""));

        var result = await VerifyAsync(supervisor);
        Assert.False(result.IsIntact);
        var problem = Assert.Single(result.Problems);
        Assert.Equal("deleted", problem.Kind);
        Assert.Equal(newest, problem.Sequence);
        Assert.Equal(newest - 1, result.EntriesChecked);
    }

    private static async Task<FengqiaoApp> StartAsync()
    {
        var fresh = new FengqiaoApp();
        await fresh.InitializeAsync();
        return fresh;
    }

    /// <summary>The grid worker edits their own grid's card; returns the sequence of the audit entry it wrote.</summary>
    private static async Task<long> UpdateOwnGridCardAsync(FengqiaoApp host, string notice)
    {
        var grid = await host.ClientForAsync("grid");
        var version = await host.WithDbAsync(db => db.Units.Where(u => u.Code == OwnGrid).Select(u => u.Version).SingleAsync());
        var response = await grid.PutAsJsonAsync($"/api/v1/units/{OwnGrid}/public-card", new { dutyPhone = "13861500101", serviceHours = "每日 8:00-20:00", publicNotice = notice, version });
        response.EnsureSuccessStatusCode();
        return await host.WithDbAsync(db => db.AuditEntries.IgnoreQueryFilters()
            .Where(e => e.Action == "units.update-public-card" && e.ActorName == "grid")
            .MaxAsync(e => e.Sequence));
    }

    private static async Task<VerificationBody> VerifyAsync(HttpClient client)
    {
        var response = await client.PostAsync("/api/v1/audit/verify", null);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<VerificationBody>())!;
    }

    private sealed record PageBody(int Total, int Page, int PageSize, List<EntryBody> Entries);

    private sealed record EntryBody(long Sequence, string ActorName, string? Role, string? UnitCode, string Action, string Target, string Outcome, string? Detail, string Hash);

    private sealed record VerificationBody(long EntriesChecked, List<ProblemBody> Problems, bool IsIntact);

    private sealed record ProblemBody(long Sequence, string Kind, string Description);
}
