using System.Net;
using System.Net.Http.Json;
using Fengqiao.Cases.StaffConsole;
using Fengqiao.Kernel.Audit;
using Fengqiao.Kernel.Privacy;
using Microsoft.EntityFrameworkCore;
using static Fengqiao.Tests.Cases.CaseFixtures;
using static Fengqiao.Tests.Cases.StaffConsole.ConsoleFixtures;

namespace Fengqiao.Tests.Cases.StaffConsole;

/// <summary>查看上报人完整电话: masked by default; whole only for the people handling the case, with a purpose, audited.</summary>
public sealed class RevealReporterPhoneTests(StaffConsoleApp app) : IClassFixture<StaffConsoleApp>
{
    [Fact]
    public async Task The_community_filing_the_case_sees_the_whole_phone_after_stating_why_and_the_reveal_is_audited()
    {
        using var resident = app.CreateClient();
        var report = await ReportAsync(app, resident, Grid, $"{NewTag()} 楼下餐馆油烟扰民", "E0102", phone: "13912345678");
        using var community = await app.ClientForAsync("community");

        var detail = await ReadAsync<Fengqiao.Cases.Queries.CaseDetail>(await community.GetAsync($"/api/v1/cases/{report.Id}"));
        Assert.Equal("139****5678", detail.ReporterPhone);

        var revealed = await ReadAsync<RevealedPhone>(await community.PostAsJsonAsync($"/api/v1/cases/{report.Id}/reporter-phone", new { purpose = "电话回访核实油烟扰民时段" }));
        Assert.Equal("13912345678", revealed.Phone);

        var entry = await app.WithDbAsync(db => db.AuditEntries.SingleAsync(e => e.Action == PersonalDataAccess.RevealAction && e.Target == $"case:{report.Id}"));
        Assert.Equal(AuditOutcome.Succeeded, entry.Outcome);
        Assert.Equal("community", entry.ActorName);
        Assert.Contains("电话回访核实油烟扰民时段", entry.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain("13912345678", entry.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_purpose_or_without_handling_the_case_the_phone_stays_hidden_and_the_refusal_is_audited()
    {
        using var resident = app.CreateClient();
        var report = await ReportAsync(app, resident, Grid, $"{NewTag()} 井盖缺失", "E0102", phone: "13700001111");
        var target = $"case:{report.Id}";

        using var community = await app.ClientForAsync("community");
        foreach (var purpose in new[] { "", "  ", "看看" })
        {
            var response = await community.PostAsJsonAsync($"/api/v1/cases/{report.Id}/reporter-phone", new { purpose });
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.DoesNotContain("13700001111", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        // The grid worker of the place neither files nor holds this case (it waits for the community): refused.
        using var grid = await app.ClientForAsync("grid");
        var notHandling = await grid.PostAsJsonAsync($"/api/v1/cases/{report.Id}/reporter-phone", new { purpose = "想联系上报人" });
        Assert.Equal(HttpStatusCode.Forbidden, notHandling.StatusCode);

        // Another community's grid worker does not even reach the case.
        using var grid2 = await app.ClientForAsync("grid2");
        Assert.Equal(HttpStatusCode.NotFound, (await grid2.PostAsJsonAsync($"/api/v1/cases/{report.Id}/reporter-phone", new { purpose = "想联系上报人" })).StatusCode);

        var entries = await app.WithDbAsync(db => db.AuditEntries.Where(e => e.Action == PersonalDataAccess.RevealAction && e.Target == target).ToListAsync());
        Assert.Equal(4, entries.Count);
        Assert.All(entries, e => Assert.Equal(AuditOutcome.Denied, e.Outcome));
        Assert.Single(entries, e => e.ActorName == "grid");

        // An anonymous report has no phone to reveal.
        var anonymous = await ReadAsync<Fengqiao.Cases.Intake.ReportReceipt>(await ReportAsync(resident, new
        {
            title = "匿名反映噪音", description = "夜里工地施工噪音很大，影响休息。", longitude = (await PointInAsync(app, Grid)).Longitude,
            latitude = (await PointInAsync(app, Grid)).Latitude, categoryCode = "E0102", anonymous = true,
        }));
        Assert.Equal(HttpStatusCode.NotFound, (await community.PostAsJsonAsync($"/api/v1/cases/{anonymous.Id}/reporter-phone", new { purpose = "电话回访核实情况" })).StatusCode);
    }
}
