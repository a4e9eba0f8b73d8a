using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Fengqiao.Cases.Categories;
using Fengqiao.Cases.Classification;
using Fengqiao.Cases.Domain;
using Fengqiao.Cases.Intake;
using Fengqiao.Cases.Queries;
using Fengqiao.Cases.Routing;
using Fengqiao.Cases.Triage;
using Fengqiao.Cases.Workflow;
using Fengqiao.Kernel.Units;
using Fengqiao.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Fengqiao.Tests.Cases.CaseFixtures;

namespace Fengqiao.Tests.Cases;

/// <summary>
/// Administration of the category tree and the routing rules, and the triage desk (分拣): versions with open-case counts,
/// retiring, rule edits within the administrator's jurisdiction, the rule tester, and filing + routing in one step.
/// </summary>
public sealed class CaseAdministrationTests(CaseAdministrationApp app) : IClassFixture<CaseAdministrationApp>
{
    [Fact]
    public async Task Each_category_version_shows_how_many_open_cases_still_use_it()
    {
        var (lon, lat) = await PointInAsync(app, Grid);
        using var resident = app.CreateClient();
        await ReadAsync<ReportReceipt>(await ReportAsync(resident, new { description = $"小区门口有人张贴非法小广告（{Guid.NewGuid():N}）", longitude = lon, latitude = lat, categoryCode = "E0201", anonymous = true }));
        using var admin = await app.ClientForAsync("admin");
        var before = await ReadAsync<CategoryDetail>(await admin.GetAsync("/api/v1/cases/categories/E0201"));
        Assert.Equal(1, before.Versions.Single(v => v.Number == before.CurrentVersion).OpenCases);

        var revised = await ReadAsync<CategoryDetail>(await admin.PutAsJsonAsync("/api/v1/cases/categories/E0201", new
        {
            version = before.CurrentVersion,
            rules = new { disposalLimitAmount = 4, disposalLimitUnit = "WorkingHours", defaultTier = "Grid", isPublic = true, changeNote = "小广告改为 4 工作时内清除" },
        }));

        Assert.Equal(before.CurrentVersion + 1, revised.CurrentVersion);
        var old = revised.Versions.Single(v => v.Number == before.CurrentVersion);
        var current = revised.Versions.Single(v => v.Number == revised.CurrentVersion);
        Assert.Equal((1, "1 工作日"), (old.OpenCases, old.DisposalLimit));
        Assert.Equal((0, "4 工作时", "小广告改为 4 工作时内清除", "admin"), (current.OpenCases, current.DisposalLimit, current.ChangeNote, current.CreatedBy));
    }

    [Fact]
    public async Task Category_questions_are_edited_as_a_new_version_asked_at_intake_and_served_to_open311_while_bad_ones_are_named_and_nothing_changes()
    {
        using var admin = await app.ClientForAsync("admin");
        var before = await ReadAsync<CategoryDetail>(await admin.GetAsync("/api/v1/cases/categories/E0102"));
        var rules = new
        {
            disposalLimitAmount = 1, disposalLimitUnit = "WorkingDays", defaultTier = "Grid", isPublic = true, changeNote = "增加垃圾量和是否有异味两个问题",
            questions = new object[]
            {
                new { code = "volume", label = "垃圾大约有几袋？", type = "Number", required = true },
                new { code = "smell", label = "是否有明显异味？", type = "SingleValueList", required = false, options = new[] { new { key = "yes", name = "有" }, new { key = "no", name = "没有" } } },
            },
        };
        var revised = await ReadAsync<CategoryDetail>(await admin.PutAsJsonAsync("/api/v1/cases/categories/E0102", new { version = before.CurrentVersion, rules }));

        Assert.Equal(before.CurrentVersion + 1, revised.CurrentVersion);
        var current = revised.Versions.Single(v => v.Number == revised.CurrentVersion);
        Assert.Equal([("volume", 1, true), ("smell", 2, false)], current.Questions.Select(q => (q.Code, q.Order, q.Required)));
        Assert.Empty(revised.Versions.Single(v => v.Number == before.CurrentVersion).Questions);

        // Intake asks the new required question; Open311 offers both as attributes.
        var (lon, lat) = await PointInAsync(app, Grid);
        using var resident = app.CreateClient();
        var unanswered = await ReportAsync(resident, new { description = $"小区北门垃圾堆放多日无人清运（{Guid.NewGuid():N}）", longitude = lon, latitude = lat, categoryCode = "E0102", anonymous = true });
        Assert.Equal(HttpStatusCode.BadRequest, unanswered.StatusCode);
        Assert.Contains("垃圾大约有几袋", await unanswered.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await ReadAsync<ReportReceipt>(await ReportAsync(resident, new
        {
            description = $"小区北门垃圾堆放多日无人清运（{Guid.NewGuid():N}）", longitude = lon, latitude = lat, categoryCode = "E0102", anonymous = true,
            answers = new Dictionary<string, string> { ["volume"] = "6", ["smell"] = "yes" },
        }));
        var service = await JsonAsync(await resident.GetAsync("/open311/v2/services/E0102.json"));
        Assert.Equal(["volume", "smell"], service.GetProperty("attributes").EnumerateArray().Select(a => a.GetProperty("code").GetString()));

        // Bad questions: each named by position; no version is written.
        var bad = await admin.PutAsJsonAsync("/api/v1/cases/categories/E0102", new
        {
            version = revised.CurrentVersion,
            rules = rules with
            {
                questions = new object[]
                {
                    new { code = "volume", label = "垃圾大约有几袋？", type = "Number", required = true },
                    new { code = "VOLUME", label = "", type = "String", required = false },
                    new { code = "1bad code", label = "哪里？", type = "String", required = false },
                    new { code = "kind", label = "垃圾种类", type = "MultiValueList", required = false, options = Array.Empty<object>() },
                    new { code = "bags", label = "袋子颜色", type = "SingleValueList", required = false, options = new[] { new { key = "a,b", name = "黑色" } } },
                },
            },
        });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var problem = await bad.Content.ReadAsStringAsync();
        Assert.Contains("第 2 个补充问题的编码“VOLUME”与前面的问题重复", problem, StringComparison.Ordinal);
        Assert.Contains("第 2 个补充问题须填写问题文字", problem, StringComparison.Ordinal);
        Assert.Contains("第 3 个补充问题的编码须以英文字母开头", problem, StringComparison.Ordinal);
        Assert.Contains("第 4 个补充问题是选择题，须至少有一个选项", problem, StringComparison.Ordinal);
        Assert.Contains("第 5 个补充问题的每个选项", problem, StringComparison.Ordinal);
        var after = await ReadAsync<CategoryDetail>(await admin.GetAsync("/api/v1/cases/categories/E0102"));
        Assert.Equal(revised.CurrentVersion, after.CurrentVersion);
    }

    [Fact]
    public async Task A_child_category_needs_an_active_parent_whose_code_it_extends_and_only_administrators_add_one()
    {
        using var admin = await app.ClientForAsync("admin");
        using var community = await app.ClientForAsync("community");
        object Child(string code, string? parent) => new
        {
            code, parentCode = parent, name = "建筑垃圾乱倒", kind = "Event",
            rules = new { disposalLimitAmount = 1, disposalLimitUnit = "WorkingDays", defaultTier = "Community", responsibleDepartmentCode = "cg", isPublic = true, changeNote = "新增" },
        };

        var self = await admin.PostAsJsonAsync("/api/v1/cases/categories", Child("E0191", "E0191"));
        var unknown = await admin.PostAsJsonAsync("/api/v1/cases/categories", Child("E0191", "X99"));
        var wrongPrefix = await admin.PostAsJsonAsync("/api/v1/cases/categories", Child("E0291", "E01"));
        var notAdmin = await community.PostAsJsonAsync("/api/v1/cases/categories", Child("E0191", "E01"));
        var created = await admin.PostAsJsonAsync("/api/v1/cases/categories", Child("E0191", "E01"));
        var again = await admin.PostAsJsonAsync("/api/v1/cases/categories", Child("E0191", "E01"));

        Assert.Equal(HttpStatusCode.BadRequest, self.StatusCode);
        Assert.Contains("不能作为自己的上级", await self.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Contains("X99", await unknown.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, wrongPrefix.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, notAdmin.StatusCode);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        var detail = await ReadAsync<CategoryDetail>(await admin.GetAsync("/api/v1/cases/categories/E0191"));
        Assert.Equal(("E01", 1, "cg"), (detail.ParentCode, detail.CurrentVersion, detail.Versions.Single().ResponsibleDepartmentCode));
        Assert.Equal(1, await app.WithDbAsync(db => db.Set<Category>().CountAsync(c => c.Code == "E0191")));
    }

    [Fact]
    public async Task A_retired_category_takes_no_new_cases_and_a_parent_retires_only_after_its_children()
    {
        using var admin = await app.ClientForAsync("admin");
        using var community = await app.ClientForAsync("community");
        var rules = new { disposalLimitAmount = 2, disposalLimitUnit = "WorkingDays", defaultTier = "Community", isPublic = true };
        await ReadAsync<CategoryDetail>(await admin.PostAsJsonAsync("/api/v1/cases/categories", new { code = "S90", name = "试点专项", kind = "SocialGovernance", rules }));
        await ReadAsync<CategoryDetail>(await admin.PostAsJsonAsync("/api/v1/cases/categories", new { code = "S9001", parentCode = "S90", name = "试点专项子类", kind = "SocialGovernance", rules }));

        var parentFirst = await admin.PostAsync("/api/v1/cases/categories/S90/retire", null);
        var notAdmin = await community.PostAsync("/api/v1/cases/categories/S9001/retire", null);
        var child = await ReadAsync<CategoryDetail>(await admin.PostAsync("/api/v1/cases/categories/S9001/retire", null));
        var parent = await ReadAsync<CategoryDetail>(await admin.PostAsync("/api/v1/cases/categories/S90/retire", null));
        var childBack = await admin.PostAsync("/api/v1/cases/categories/S9001/restore", null);
        var unknown = await admin.PostAsync("/api/v1/cases/categories/S9999/retire", null);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, parentFirst.StatusCode);
        Assert.Contains("试点专项子类", await parentFirst.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, notAdmin.StatusCode);
        Assert.False(child.IsActive);
        Assert.False(parent.IsActive);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, childBack.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);

        // Retiring never adds a version, and the public tree no longer offers the branch.
        Assert.Equal(1, parent.CurrentVersion);
        app.Services.GetRequiredService<CategoryCatalog>().Invalidate();
        var tree = await ReadAsync<List<CategoryNode>>(await app.CreateClient().GetAsync("/api/v1/cases/categories"));
        Assert.DoesNotContain(tree, n => n.Code == "S90");
        var (lon, lat) = await PointInAsync(app, Grid);
        var refused = await ReportAsync(app.CreateClient(), new { description = "试点专项的问题", longitude = lon, latitude = lat, categoryCode = "S9001", anonymous = true });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
    }

    [Fact]
    public async Task Routing_rules_are_validated_edited_and_the_tester_names_the_rule_that_applies()
    {
        using var admin = await app.ClientForAsync("admin");
        using var street = await app.ClientForAsync("street");

        // Without a rule 道路不洁 goes to the community with 城管 (the category default).
        var byDefault = await ReadAsync<RoutingPreview>(await admin.GetAsync($"/api/v1/cases/routing/test?category=E0104&unit={Grid}"));
        Assert.Equal((UnitLevel.Community, Community, (Guid?)null), (byDefault.Tier, byDefault.UnitCode, byDefault.RuleId));

        var unknownCategory = await admin.PostAsJsonAsync("/api/v1/cases/routing-rules", new { categoryCode = "X9", unitCode = Community, tier = "Grid" });
        var outside = await admin.PostAsJsonAsync("/api/v1/cases/routing-rules", new { categoryCode = "E0104", unitCode = "3202", tier = "Grid" });
        var unknownUnit = await admin.PostAsJsonAsync("/api/v1/cases/routing-rules", new { categoryCode = "E0104", unitCode = "320282999", tier = "Grid" });
        var badTier = await admin.PostAsJsonAsync("/api/v1/cases/routing-rules", new { categoryCode = "E0104", unitCode = Community, tier = "City" });
        var notAdmin = await street.PostAsJsonAsync("/api/v1/cases/routing-rules", new { categoryCode = "E0104", unitCode = Community, tier = "Grid" });
        Assert.Equal(HttpStatusCode.BadRequest, unknownCategory.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, outside.StatusCode);
        Assert.Contains("不在您的辖区", await outside.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, unknownUnit.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badTier.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, notAdmin.StatusCode);
        Assert.Empty(await app.WithDbAsync(db => db.Set<RoutingRule>().Where(r => r.CategoryCode == "E0104").ToListAsync()));

        var rule = await ReadAsync<RoutingRuleView>(await admin.PostAsJsonAsync("/api/v1/cases/routing-rules",
            new { categoryCode = "E0104", unitCode = Community, tier = "Grid", note = "社区内道路由网格员先行清扫" }));
        var duplicate = await admin.PostAsJsonAsync("/api/v1/cases/routing-rules", new { categoryCode = "E0104", unitCode = Community, tier = "Street" });
        Assert.Equal(HttpStatusCode.Conflict, duplicate.StatusCode);

        var tested = await ReadAsync<RoutingPreview>(await admin.GetAsync($"/api/v1/cases/routing/test?category=E0104&unit={Grid}"));
        Assert.Equal((UnitLevel.Grid, Grid, (Guid?)rule.Id), (tested.Tier, tested.UnitCode, tested.RuleId));
        Assert.Contains("社区内道路由网格员先行清扫", tested.Basis, StringComparison.Ordinal);
        // Another community of the street is not covered by the rule.
        var elsewhere = await ReadAsync<RoutingPreview>(await admin.GetAsync($"/api/v1/cases/routing/test?category=E0104&unit={OtherGrid}"));
        Assert.Null(elsewhere.RuleId);

        var edited = await ReadAsync<RoutingRuleView>(await admin.PutAsJsonAsync($"/api/v1/cases/routing-rules/{rule.Id}",
            new { categoryCode = "E0104", unitCode = Community, tier = "Community", departmentCode = "cg", note = "改由社区会同城管" }));
        var badEdit = await admin.PutAsJsonAsync($"/api/v1/cases/routing-rules/{rule.Id}", new { categoryCode = "E0104", unitCode = Community, tier = "Grid", departmentCode = "nope" });
        Assert.Equal((UnitLevel.Community, "cg"), (edited.Tier, edited.DepartmentCode));
        Assert.Equal(HttpStatusCode.BadRequest, badEdit.StatusCode);
        var afterEdit = await ReadAsync<RoutingPreview>(await admin.GetAsync($"/api/v1/cases/routing/test?category=E0104&unit={Grid}"));
        Assert.Equal((UnitLevel.Community, Community, "cg", (Guid?)rule.Id), (afterEdit.Tier, afterEdit.UnitCode, afterEdit.DepartmentCode, afterEdit.RuleId));

        var unknownTest = await admin.GetAsync($"/api/v1/cases/routing/test?category=X9&unit={Grid}");
        var noPlace = await admin.GetAsync("/api/v1/cases/routing/test?category=E0104");
        Assert.Equal(HttpStatusCode.BadRequest, unknownTest.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, noPlace.StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/v1/cases/routing-rules/{rule.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.PutAsJsonAsync($"/api/v1/cases/routing-rules/{rule.Id}", new { categoryCode = "E0104", tier = "Grid" })).StatusCode);
        var retired = await ReadAsync<RoutingPreview>(await admin.GetAsync($"/api/v1/cases/routing/test?category=E0104&unit={Grid}"));
        Assert.Null(retired.RuleId);
    }

    [Fact]
    public async Task Triage_files_and_routes_in_one_step_to_the_right_queue_and_the_choice_becomes_a_training_example()
    {
        var (lon, lat) = await PointInAsync(app, Grid);
        using var resident = app.CreateClient();
        var description = $"楼下花坛边上堆了一大堆生活垃圾，好几天没人清，味道很大（{Guid.NewGuid():N}）";
        var receipt = await ReadAsync<ReportReceipt>(await ReportAsync(resident, new { title = "花坛边垃圾堆", description, longitude = lon, latitude = lat, anonymous = true }));
        Assert.True(receipt.NeedsTriage);

        using var community = await app.ClientForAsync("community");
        var queue = await ReadAsync<TriageQueue>(await community.GetAsync("/api/v1/cases/triage"));
        var item = Assert.Single(queue.Items, i => i.TrackingCode == receipt.TrackingCode);
        Assert.Equal(description, item.Description);
        Assert.True(item.MayAct);
        Assert.Contains(item.Reasons, r => r is "unclassified" or "low-confidence");
        Assert.Equal(Grid, item.GridCode);
        Assert.All(item.Suggestions, s => Assert.InRange(s.Confidence, 0, 1));

        // Bad input writes nothing: an unknown category, a stale version, a grid worker who does not triage.
        using var grid = await app.ClientForAsync("grid");
        var unknown = await community.PostAsJsonAsync($"/api/v1/cases/{item.Id}/triage-file", new { version = item.Version, categoryCode = "X999" });
        var stale = await community.PostAsJsonAsync($"/api/v1/cases/{item.Id}/triage-file", new { version = item.Version - 1, categoryCode = "E0102" });
        var notDispatcher = await grid.PostAsJsonAsync($"/api/v1/cases/{item.Id}/triage-file", new { version = item.Version, categoryCode = "E0102" });
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, notDispatcher.StatusCode);
        Assert.Equal(CaseStatus.Reported, await app.WithDbAsync(db => db.Set<Case>().IgnoreQueryFilters().Where(c => c.Id == item.Id).Select(c => c.Status).SingleAsync()));

        var corrected = await ReadAsync<CaseStepResult>(await community.PostAsJsonAsync($"/api/v1/cases/{item.Id}/triage-file", new { version = item.Version, categoryCode = "E0102" }));

        // 暴露垃圾 goes to the grid: the grid worker finds it in 我的待办, and triage no longer lists it.
        Assert.Equal((CaseStatus.Dispatched, UnitLevel.Grid, Grid), (corrected.Status, corrected.HolderLevel, corrected.HolderUnitCode));
        var mine = await ReadAsync<CasePage>(await grid.GetAsync("/api/v1/cases?queue=Mine&pageSize=200"));
        Assert.Contains(mine.Items, c => c.Id == item.Id && c.CategoryCode == "E0102");
        var after = await ReadAsync<TriageQueue>(await community.GetAsync("/api/v1/cases/triage?pageSize=50"));
        Assert.DoesNotContain(after.Items, i => i.Id == item.Id);
        var detail = await ReadAsync<CaseDetail>(await community.GetAsync($"/api/v1/cases/{item.Id}"));
        Assert.Contains(detail.Timeline, a => a.Kind == CaseActionKinds.File && a.ActorRole == Fengqiao.Kernel.Identity.Roles.CommunityWorker);
        Assert.Contains(detail.Timeline, a => a.Kind == CaseActionKinds.Dispatch && a.Note!.Contains("暴露垃圾", StringComparison.Ordinal));

        // CaseCategoryConfirmed reached the classifier's examples.
        await app.DrainOutboxAsync();
        var examples = await app.AsSystemAsync(sp => sp.GetRequiredService<ClassificationExamples>().TrainingSetAsync());
        Assert.Contains(examples, e => e.Text.Contains(description[..20], StringComparison.Ordinal) && e.Label is "E0102" or "暴露垃圾");
    }

    [Fact]
    public async Task A_proposed_duplicate_is_shown_in_triage_and_merging_makes_the_reporter_a_follower_of_the_original()
    {
        var (lon, lat) = await PointInAsync(app, OtherGrid);
        using var resident = app.CreateClient();
        var tag = Guid.NewGuid().ToString("N")[..6];
        var original = await ReadAsync<ReportReceipt>(await ReportAsync(resident, new { description = $"东门外人行道上的井盖缺失了，晚上很危险 {tag}", longitude = lon, latitude = lat, categoryCode = "P0101", anonymous = true }));
        var repeat = await ReadAsync<ReportReceipt>(await ReportAsync(resident, new { description = $"东门外人行道的井盖缺失，晚上走路很危险 {tag}", longitude = lon + 0.0001, latitude = lat, categoryCode = "P0101", anonymous = true }));

        using var street = await app.ClientForAsync("street");
        var queue = await ReadAsync<TriageQueue>(await street.GetAsync("/api/v1/cases/triage?pageSize=50"));
        var item = Assert.Single(queue.Items, i => i.TrackingCode == repeat.TrackingCode);
        Assert.Contains("possible-duplicate", item.Reasons);
        Assert.Equal(original.TrackingCode, item.DuplicateOfTrackingCode);

        var merged = await ReadAsync<CaseStepResult>(await street.PostAsJsonAsync($"/api/v1/cases/{item.Id}/reject",
            new { version = item.Version, reason = "Duplicate", duplicateOf = item.DuplicateOfTrackingCode }));
        Assert.Equal(CaseStatus.Rejected, merged.Status);
        var followers = await app.WithDbAsync(db => db.Set<Case>().IgnoreQueryFilters().Where(c => c.TrackingCode == original.TrackingCode).Select(c => c.FollowerCount).SingleAsync());
        Assert.Equal(1, followers);
    }

    [Fact]
    public async Task Triage_shows_only_the_callers_jurisdiction_and_needs_staff()
    {
        var (lon, lat) = await PointInAsync(app, OtherGrid);
        var receipt = await ReadAsync<ReportReceipt>(await ReportAsync(app.CreateClient(), new { description = $"这里有个情况需要看看（{Guid.NewGuid():N}）", longitude = lon, latitude = lat, anonymous = true }));
        Assert.True(receipt.NeedsTriage);

        using var community = await app.ClientForAsync("community");
        using var resident = await app.ClientForAsync("resident");
        var theirs = await ReadAsync<TriageQueue>(await community.GetAsync("/api/v1/cases/triage?pageSize=50"));
        Assert.DoesNotContain(theirs.Items, i => i.TrackingCode == receipt.TrackingCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await resident.GetAsync("/api/v1/cases/triage")).StatusCode);
        var id = await app.WithDbAsync(db => db.Set<Case>().IgnoreQueryFilters().Where(c => c.TrackingCode == receipt.TrackingCode).Select(c => c.Id).SingleAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await community.PostAsJsonAsync($"/api/v1/cases/{id}/triage-file", new { categoryCode = "E0102" })).StatusCode);
    }
}

/// <summary>
/// The events host with a confidence threshold no suggestion reaches, so that every report without a category waits in
/// triage whatever the demo model thinks of its text (and the triage card still shows the model's suggestions).
/// </summary>
public sealed class CaseAdministrationApp : FengqiaoApp
{
    protected override IReadOnlyDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>
    {
        ["Cases:Classification:Threshold"] = "0.999",
        ["Cases:Deadlines:SweepInterval"] = "1.00:00:00",
    };
}
