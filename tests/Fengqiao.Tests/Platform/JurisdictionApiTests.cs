using System.Net;
using System.Net.Http.Json;
using Fengqiao.Kernel.Audit;
using Fengqiao.Testing;
using Microsoft.EntityFrameworkCore;

namespace Fengqiao.Tests.Platform;

/// <summary>A staff account reaches the subtree under its units and nothing else, through every API route.</summary>
public sealed class JurisdictionApiTests(FengqiaoApp app) : IClassFixture<FengqiaoApp>
{
    private const string OwnGrid = "320282001001001";   // 茶东社区第一网格, the demo grid worker's
    private const string OtherGrid = "320282001002001";  // 荆东社区第一网格, another grid worker's

    [Fact]
    public async Task Grid_worker_reads_own_grid()
    {
        var client = await app.ClientForAsync("grid");

        var unit = await client.GetFromJsonAsync<UnitBody>($"/api/v1/units/{OwnGrid}");

        Assert.Equal("茶东社区第一网格", unit!.Name);
        Assert.Equal(["江苏省", "无锡市", "宜兴市", "宜城街道", "茶东社区"], unit.Ancestors.Select(a => a.Name));
        Assert.All(unit.Ancestors, a => Assert.False(a.IsReachable, $"{a.Name} is above the grid worker's jurisdiction"));
    }

    [Fact]
    public async Task Grid_worker_cannot_read_another_grid()
    {
        var client = await app.ClientForAsync("grid");

        var response = await client.GetAsync($"/api/v1/units/{OtherGrid}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<ProblemBody>();
        Assert.Equal("not-found", problem!.Code);
    }

    [Fact]
    public async Task Grid_worker_cannot_read_the_community_above_their_grid()
    {
        var client = await app.ClientForAsync("grid");

        var response = await client.GetAsync("/api/v1/units/320282001001");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Grid_worker_cannot_change_another_grid_and_the_refusal_is_audited()
    {
        var client = await app.ClientForAsync("grid");
        var before = await app.WithDbAsync(db => db.Units.AsNoTracking().SingleAsync(u => u.Code == OtherGrid));

        var response = await client.PutAsJsonAsync($"/api/v1/units/{OtherGrid}/public-card", new { dutyPhone = "13912345678", serviceHours = "全天", publicNotice = "篡改", version = before.Version });

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var after = await app.WithDbAsync(db => db.Units.AsNoTracking().SingleAsync(u => u.Code == OtherGrid));
        Assert.Equal(before.DutyPhone, after.DutyPhone);
        Assert.Equal(before.PublicNotice, after.PublicNotice);
        Assert.Equal(before.Version, after.Version);
        var refusal = await app.WithDbAsync(db => db.AuditEntries.AsNoTracking()
            .Where(e => e.ActorName == "grid" && e.Action == "units.update-public-card" && e.Outcome == AuditOutcome.Denied)
            .OrderByDescending(e => e.Sequence).FirstOrDefaultAsync());
        Assert.NotNull(refusal);
        Assert.Contains(OtherGrid, refusal.Target);
    }

    [Fact]
    public async Task Grid_worker_updates_own_grid_card_and_the_change_is_audited()
    {
        var client = await app.ClientForAsync("grid");
        var current = await client.GetFromJsonAsync<UnitBody>($"/api/v1/units/{OwnGrid}");

        var response = await client.PutAsJsonAsync($"/api/v1/units/{OwnGrid}/public-card", new { dutyPhone = "13861500199", serviceHours = "每日 8:00-20:00", publicNotice = "有事请找网格员王建国。", version = current!.Version });

        response.EnsureSuccessStatusCode();
        var unit = await app.WithDbAsync(db => db.Units.AsNoTracking().SingleAsync(u => u.Code == OwnGrid));
        Assert.Equal("13861500199", unit.DutyPhone);
        Assert.Equal(current.Version + 1, unit.Version);
        var entry = await app.WithDbAsync(db => db.AuditEntries.AsNoTracking()
            .Where(e => e.Action == "units.update-public-card" && e.Outcome == AuditOutcome.Succeeded && e.Target == $"unit:{OwnGrid}")
            .OrderByDescending(e => e.Sequence).FirstAsync());
        Assert.Equal("grid", entry.ActorName);
        Assert.Equal("grid-worker", entry.Role);
        Assert.Equal(OwnGrid, entry.UnitCode);
        Assert.Equal(unit.Path, entry.UnitPath);
    }

    [Fact]
    public async Task Street_officer_reaches_every_grid_of_the_street()
    {
        var client = await app.ClientForAsync("street");

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/v1/units/{OwnGrid}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/v1/units/{OtherGrid}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/v1/units/320282002")).StatusCode);
    }

    [Fact]
    public async Task Department_handler_reaches_no_unit_subtree_only_department_assignments()
    {
        var client = await app.ClientForAsync("handler");

        var roots = await client.GetFromJsonAsync<List<UnitBody>>("/api/v1/units");

        Assert.Empty(roots!);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/v1/units/320282")).StatusCode);
    }

    [Fact]
    public async Task Stale_version_is_refused_as_a_concurrent_edit()
    {
        var client = await app.ClientForAsync("community");
        var current = await client.GetFromJsonAsync<UnitBody>("/api/v1/units/320282001001");
        (await client.PutAsJsonAsync("/api/v1/units/320282001001/public-card", new { dutyPhone = "0510-87900101", version = current!.Version })).EnsureSuccessStatusCode();

        var stale = await client.PutAsJsonAsync("/api/v1/units/320282001001/public-card", new { dutyPhone = "0510-87900102", version = current.Version });

        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        var unit = await app.WithDbAsync(db => db.Units.AsNoTracking().SingleAsync(u => u.Code == "320282001001"));
        Assert.Equal("0510-87900101", unit.DutyPhone);
    }

    [Fact]
    public async Task Resident_may_not_edit_unit_cards()
    {
        var client = await app.ClientForAsync("resident");

        var response = await client.PutAsJsonAsync($"/api/v1/units/{OwnGrid}/public-card", new { dutyPhone = "13800000000", version = 0 });

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    internal sealed record UnitBody(string Code, string Name, long Version, string? DutyPhone, List<UnitBody> Ancestors, bool IsReachable = true);

    internal sealed record ProblemBody(int Status, string Title, string Detail, string Code);
}
