using System.Net;
using System.Net.Http.Json;
using Fengqiao.Cases.Domain;
using Fengqiao.Cases.Queries;
using Fengqiao.Cases.StaffConsole;
using Fengqiao.Kernel.Units;
using Microsoft.EntityFrameworkCore;
using static Fengqiao.Tests.Cases.CaseFixtures;
using static Fengqiao.Tests.Cases.StaffConsole.ConsoleFixtures;

namespace Fengqiao.Tests.Cases.StaffConsole;

/// <summary>
/// 批量操作: each selected case is a step of its own, committed on its own; a refused case (stale version, wrong status,
/// no right) is reported with its reason and leaves no trace, and never stops the others.
/// </summary>
public sealed class BulkActionTests(StaffConsoleApp app) : IClassFixture<StaffConsoleApp>
{
    [Fact]
    public async Task Bulk_filing_files_the_current_cases_and_refuses_a_stale_one_and_an_already_filed_one_without_writing_anything_for_them()
    {
        var tag = NewTag();
        using var resident = app.CreateClient();
        var a = await ReportAsync(app, resident, Grid, $"{tag} 小区门口垃圾堆放", "E0102");
        var b = await ReportAsync(app, resident, Grid, $"{tag} 绿化带垃圾", "E0102");
        var c = await ReportAsync(app, resident, Grid, $"{tag} 菜场垃圾桶满溢", "E0102");
        var d = await ReportAsync(app, resident, Grid, $"{tag} 路边垃圾", "E0102");
        using var community = await app.ClientForAsync("community");
        var rows = await RowsAsync(community, tag);

        // Someone files c on their own meanwhile: the bulk request still carries the version seen before.
        var filedAlone = await ReadAsync<Fengqiao.Cases.Workflow.CaseStepResult>(await community.PostAsJsonAsync($"/api/v1/cases/{c.Id}/file", new { version = rows[c.Id].Version }));
        var auditBefore = await AuditCountAsync("cases.file");
        var timelineOfB = await TimelineLengthAsync(b.Id);

        var result = await ReadAsync<BulkResult>(await community.PostAsJsonAsync("/api/v1/cases/bulk", new
        {
            action = "file",
            categoryCode = "E0102",
            note = "批量立案：均为暴露垃圾。",
            cases = new object[]
            {
                new { id = a.Id, version = rows[a.Id].Version },
                new { id = b.Id, version = rows[b.Id].Version + 7 },
                new { id = c.Id, version = filedAlone.Version },
                new { id = d.Id, version = rows[d.Id].Version },
            },
        }, Json));

        Assert.Equal((2, 2), (result.Done, result.Refused));
        var outcomes = result.Outcomes.ToDictionary(o => o.Id);
        Assert.True(outcomes[a.Id].Done);
        Assert.Equal(CaseStatus.Filed, outcomes[a.Id].Status);
        Assert.True(outcomes[d.Id].Done);
        Assert.Equal(("conflict", b.TrackingCode), (outcomes[b.Id].Problem, outcomes[b.Id].TrackingCode));
        Assert.Contains("已被他人处理", outcomes[b.Id].Reason, StringComparison.Ordinal);
        Assert.Equal("StepMustFollowTheWorkflow", outcomes[c.Id].Problem);
        Assert.Contains("立案", outcomes[c.Id].Reason, StringComparison.Ordinal);

        // Nothing half-written for the refused: b keeps its status, version and timeline; only two new 立案 audit entries.
        var after = await RowsAsync(community, tag);
        Assert.Equal((CaseStatus.Reported, rows[b.Id].Version), (after[b.Id].Status, after[b.Id].Version));
        Assert.Equal(timelineOfB, await TimelineLengthAsync(b.Id));
        Assert.Equal(filedAlone.Version, after[c.Id].Version);
        Assert.Equal(auditBefore + 2, await AuditCountAsync("cases.file"));
    }

    [Fact]
    public async Task Bulk_dispatch_accept_supervise_and_reject_as_duplicate_each_apply_the_single_step_rules()
    {
        var tag = NewTag();
        using var resident = app.CreateClient();
        var first = await ReportAsync(app, resident, Grid, $"{tag} 垃圾堆放一", "E0102");
        var second = await ReportAsync(app, resident, Grid, $"{tag} 垃圾堆放二", "E0102");
        var repeat = await ReportAsync(app, resident, Grid, $"{tag} 垃圾堆放一（重复）", "E0102");
        using var community = await app.ClientForAsync("community");
        var rows = await RowsAsync(community, tag);

        var filed = await BulkAsync(community, new { action = "file", cases = new[] { Item(rows[first.Id]), Item(rows[second.Id]) } });
        Assert.Equal(2, filed.Done);
        var rejected = await BulkAsync(community, new { action = "reject", reason = "Duplicate", duplicateOf = first.TrackingCode, note = "与前一件为同一处垃圾。", cases = new[] { Item(rows[repeat.Id]) } });
        Assert.Equal(CaseStatus.Rejected, Assert.Single(rejected.Outcomes).Status);

        rows = await RowsAsync(community, tag);
        var dispatched = await BulkAsync(community, new { action = "dispatch", cases = new[] { Item(rows[first.Id]), Item(rows[second.Id]), Item(rows[repeat.Id]) } });
        Assert.Equal((2, 1), (dispatched.Done, dispatched.Refused));
        var refused = dispatched.Outcomes.Single(o => o.Id == repeat.Id);
        Assert.Equal("StepMustFollowTheWorkflow", refused.Problem);
        Assert.Contains("派遣", refused.Reason, StringComparison.Ordinal);

        // The community worker may not accept for the grid; the grid worker may, for both at once.
        rows = await RowsAsync(community, tag);
        var notHolder = await BulkAsync(community, new { action = "accept", cases = new[] { Item(rows[first.Id]) } });
        Assert.Equal("forbidden", Assert.Single(notHolder.Outcomes).Problem);
        using var grid = await app.ClientForAsync("grid");
        var accepted = await BulkAsync(grid, new { action = "accept", cases = new[] { Item(rows[first.Id]), Item(rows[second.Id]) } });
        Assert.All(accepted.Outcomes, o => Assert.Equal(CaseStatus.InProgress, o.Status));

        using var supervisor = await app.ClientForAsync("supervisor");
        rows = await RowsAsync(supervisor, tag);
        var supervised = await BulkAsync(supervisor, new { action = "supervise", note = "请于今日内清运完毕。", cases = new[] { Item(rows[first.Id]), Item(rows[second.Id]) } });
        Assert.Equal(2, supervised.Done);
        var detail = await ReadAsync<CaseDetail>(await supervisor.GetAsync($"/api/v1/cases/{first.Id}"));
        Assert.Equal((UnitLevel.Grid, Grid), (detail.Summary.HolderLevel, detail.Summary.HolderUnitCode));
        Assert.Contains(detail.Timeline, t => t.Note == "请于今日内清运完毕。");
    }

    [Fact]
    public async Task A_bulk_request_without_action_cases_or_required_note_is_refused_whole_and_touches_nothing()
    {
        var tag = NewTag();
        using var resident = app.CreateClient();
        var one = await ReportAsync(app, resident, Grid, $"{tag} 垃圾", "E0102");
        using var community = await app.ClientForAsync("community");
        var row = (await RowsAsync(community, tag))[one.Id];

        var cases = new[] { Item(row) };
        foreach (var (body, field) in new (object Body, string Field)[]
        {
            (new { action = "demolish", cases }, "action"),
            (new { action = "file", cases = Array.Empty<object>() }, "cases"),
            (new { action = "file", cases = new[] { Item(row), Item(row) } }, "cases"),
            (new { action = "file", cases = Enumerable.Range(0, 101).Select(_ => new { id = Guid.NewGuid(), version = 1 }).ToArray() }, "cases"),
            (new { action = "supervise", cases }, "note"),
            (new { action = "reject", reason = "Duplicate", cases }, "duplicateOf"),
            (new { action = "dispatch", tier = "Street", cases }, "overrideReason"),
        })
        {
            var response = await community.PostAsJsonAsync("/api/v1/cases/bulk", body, Json);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            var problem = await JsonAsync(response);
            Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"{field}: {problem}");
        }

        Assert.Equal(CaseStatus.Reported, (await RowsAsync(community, tag))[one.Id].Status);

        // A case outside the caller's jurisdiction is refused as not found, on its own line.
        var other = await ReportAsync(app, resident, OtherGrid, $"{tag} 别的社区的垃圾", "E0102");
        var mixed = await BulkAsync(community, new { action = "file", cases = new object[] { Item(row), new { id = other.Id, version = 1 } } });
        Assert.Equal((1, 1), (mixed.Done, mixed.Refused));
        Assert.Equal("not-found", mixed.Outcomes.Single(o => o.Id == other.Id).Problem);
    }

    [Fact]
    public async Task Bulk_dispatch_to_a_chosen_tier_sends_each_case_to_its_own_unit_there_and_names_each_refusal()
    {
        var tag = NewTag();
        using var resident = app.CreateClient();
        var first = await ReportAsync(app, resident, Grid, $"{tag} 沿街商铺占道经营一", "E0502");
        var second = await ReportAsync(app, resident, Grid, $"{tag} 沿街商铺占道经营二", "E0502");
        var notFiled = await ReportAsync(app, resident, Grid, $"{tag} 沿街商铺占道经营三", "E0502");
        var elsewhere = await ReportAsync(app, resident, OtherGrid, $"{tag} 另一社区占道经营", "E0502");
        using var community = await app.ClientForAsync("community");
        var rows = await RowsAsync(community, tag);
        Assert.False(rows.ContainsKey(elsewhere.Id)); // outside the community worker's jurisdiction
        await BulkAsync(community, new { action = "file", cases = new[] { Item(rows[first.Id]), Item(rows[second.Id]) } });
        rows = await RowsAsync(community, tag);

        // A tier outside grid…county is refused whole, before any case is touched.
        var province = await community.PostAsJsonAsync("/api/v1/cases/bulk", new { action = "dispatch", tier = "Province", overrideReason = "试一试", cases = new[] { Item(rows[first.Id]) } }, Json);
        Assert.Equal(HttpStatusCode.BadRequest, province.StatusCode);
        Assert.Contains("网格、社区、街道或区县", await province.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(CaseStatus.Filed, (await ReadAsync<CaseDetail>(await community.GetAsync($"/api/v1/cases/{first.Id}"))).Summary.Status);

        var result = await BulkAsync(community, new
        {
            action = "dispatch", tier = "Street", overrideReason = "同一商户多处占道，由街道城管中队统一处理",
            cases = new[] { Item(rows[first.Id]), Item(rows[second.Id]), Item(rows[notFiled.Id]), new { id = elsewhere.Id, version = 1L } },
        });

        Assert.Equal((2, 2), (result.Done, result.Refused));
        Assert.Equal("StepMustFollowTheWorkflow", result.Outcomes.Single(o => o.Id == notFiled.Id).Problem);
        Assert.Equal(notFiled.TrackingCode, result.Outcomes.Single(o => o.Id == notFiled.Id).TrackingCode);
        Assert.Equal("not-found", result.Outcomes.Single(o => o.Id == elsewhere.Id).Problem);
        foreach (var id in new[] { first.Id, second.Id })
        {
            var detail = await ReadAsync<CaseDetail>(await community.GetAsync($"/api/v1/cases/{id}"));
            Assert.Equal((CaseStatus.Dispatched, UnitLevel.Street, "320282001"), (detail.Summary.Status, detail.Summary.HolderLevel, detail.Summary.HolderUnitCode));
            Assert.Equal("派遣至街道 320282001：人工指定：同一商户多处占道，由街道城管中队统一处理", detail.RoutingBasis);
        }
    }

    private static object Item(CaseSummary row) => new { id = row.Id, version = row.Version };

    private static async Task<BulkResult> BulkAsync(HttpClient client, object body) =>
        await ReadAsync<BulkResult>(await client.PostAsJsonAsync("/api/v1/cases/bulk", body, Json));

    private static async Task<Dictionary<Guid, CaseSummary>> RowsAsync(HttpClient client, string tag) =>
        (await ReadAsync<CasePage>(await client.GetAsync($"/api/v1/cases?queue=All&text={Uri.EscapeDataString(tag)}"))).Items.ToDictionary(c => c.Id);

    private Task<int> AuditCountAsync(string action) => app.WithDbAsync(db => db.AuditEntries.CountAsync(e => e.Action == action));

    private Task<int> TimelineLengthAsync(Guid caseId) => app.WithDbAsync(db => db.Set<CaseAction>().CountAsync(a => a.CaseId == caseId));
}
