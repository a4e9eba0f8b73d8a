using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Fengqiao.Places.Grids;
using Fengqiao.Testing;
using Microsoft.EntityFrameworkCore;
using NetTopologySuite.Geometries;

namespace Fengqiao.Tests.Places.Grids;

/// <summary>
/// POST /api/v1/places/grids/import?dryRun=true (仅校验), the import wizard's validation step: every check runs, the
/// report says what an import would create, redraw and skip, and nothing at all is written or audited.
/// </summary>
public sealed class GridImportDryRunTests(FengqiaoApp app) : IClassFixture<FengqiaoApp>
{
    private const string ImportUrl = "/api/v1/places/grids/import";
    private const string Yuedi = "320282001004";   // 岳堤社区: demo grids 001–003
    private const string Jingdong = "320282001002"; // 荆东社区: demo grids 001–003

    [Fact]
    public async Task A_dry_run_reports_the_bad_feature_and_the_codes_it_would_create_and_writes_nothing()
    {
        var client = await app.ClientForAsync("street");
        var at = await InteriorAsync($"{Yuedi}001");
        var broken = Square(await InteriorAsync($"{Yuedi}002"))[0][..^1];
        var before = await SnapshotAsync();

        var response = await PostAsync(
            client,
            Collection(
                Feature(new { name = "岳堤小学", community = Yuedi, kind = "dedicated", purpose = "学校" }, Square(at)),
                Feature(new { name = "未闭合", community = Yuedi, kind = "dedicated", purpose = "学校" }, new[] { broken })),
            "?dryRun=true&validOnly=true");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var report = (await response.Content.ReadFromJsonAsync<ReportBody>())!;
        Assert.True(report.DryRun);
        Assert.False(report.Imported);
        Assert.False(report.IsValid);
        Assert.Equal(2, report.Features);
        Assert.Equal([$"{Yuedi}004"], report.Created);
        Assert.Equal([1], report.Skipped);
        var problem = Assert.Single(report.Problems);
        Assert.Equal(1, problem.Index);
        Assert.Contains("未闭合", problem.Message);
        Assert.NotNull(problem.Location);
        Assert.Equal(before, await SnapshotAsync());
    }

    [Fact]
    public async Task A_dry_run_of_an_invalid_file_without_valid_only_would_import_nothing_and_is_not_a_refusal()
    {
        var client = await app.ClientForAsync("admin");
        var at = await InteriorAsync($"{Yuedi}003");
        var before = await SnapshotAsync();

        var response = await PostAsync(
            client,
            Collection(
                Feature(new { name = "岳堤公园", community = Yuedi, kind = "dedicated", purpose = "公园" }, Square(at)),
                Feature(new { name = "海上", community = Yuedi, kind = "dedicated", purpose = "码头" }, Square(new Coordinate(123.5, 31.0)))),
            "?dryRun=true");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var report = (await response.Content.ReadFromJsonAsync<ReportBody>())!;
        Assert.True(report.DryRun);
        Assert.Empty(report.Created);
        Assert.Contains(report.Problems, p => p.Index == 1 && p.Message.Contains("可能在海上"));
        Assert.Equal(before, await SnapshotAsync());
    }

    [Fact]
    public async Task The_import_after_a_clean_dry_run_creates_exactly_the_planned_codes()
    {
        var client = await app.ClientForAsync("admin");
        var json = Collection(
            Feature(new { name = "荆东菜场", community = Jingdong, kind = "dedicated", purpose = "农贸市场" }, Square(await InteriorAsync($"{Jingdong}001"))),
            Feature(new { code = $"{Jingdong}002", name = "荆东二网格", community = Jingdong, kind = "basic" }, await BoundaryAsync($"{Jingdong}002")));

        var planned = (await (await PostAsync(client, json, "?dryRun=true")).Content.ReadFromJsonAsync<ReportBody>())!;
        Assert.True(planned.IsValid);
        Assert.False(planned.Imported);
        Assert.Equal([$"{Jingdong}002"], planned.Redrawn);
        var created = Assert.Single(planned.Created);
        Assert.False(await app.WithDbAsync(db => db.Units.AnyAsync(u => u.Code == created)));
        Assert.NotEqual("荆东二网格", (await app.WithDbAsync(db => db.Units.AsNoTracking().SingleAsync(u => u.Code == $"{Jingdong}002"))).Name);

        var imported = (await (await PostAsync(client, json)).Content.ReadFromJsonAsync<ReportBody>())!;

        Assert.True(imported.Imported);
        Assert.False(imported.DryRun);
        Assert.Equal(planned.Created, imported.Created);
        Assert.Equal(planned.Redrawn, imported.Redrawn);
        Assert.Equal("荆东二网格", (await app.WithDbAsync(db => db.Units.AsNoTracking().SingleAsync(u => u.Code == $"{Jingdong}002"))).Name);
    }

    [Fact]
    public async Task The_chosen_community_and_code_scheme_apply_to_features_that_name_none()
    {
        var client = await app.ClientForAsync("street");
        var at = await InteriorAsync($"{Yuedi}002");

        var response = await PostAsync(
            client,
            Collection(Feature(new { name = "岳堤敬老院", kind = "dedicated", purpose = "养老机构" }, Square(at))),
            $"?dryRun=true&community={Yuedi}&codeFormat={Uri.EscapeDataString("{community}9{seq:00}")}");

        var report = (await response.Content.ReadFromJsonAsync<ReportBody>())!;
        Assert.True(report.IsValid, string.Join("；", report.Problems.Select(p => p.Message)));
        Assert.Equal([$"{Yuedi}901"], report.Created);
    }

    [Fact]
    public async Task A_code_scheme_that_does_not_make_codes_under_the_community_is_a_file_problem()
    {
        var client = await app.ClientForAsync("admin");
        var at = await InteriorAsync($"{Yuedi}002");

        var response = await PostAsync(
            client,
            Collection(Feature(new { name = "岳堤敬老院", community = Yuedi, kind = "dedicated", purpose = "养老机构" }, Square(at))),
            $"?dryRun=true&codeFormat={Uri.EscapeDataString("WG-{seq:000}")}");

        var report = (await response.Content.ReadFromJsonAsync<ReportBody>())!;
        var problem = Assert.Single(report.Problems);
        Assert.Null(problem.Index);
        Assert.Contains("编码规则", problem.Message);
        Assert.Empty(report.Created);
    }

    [Fact]
    public async Task A_community_worker_may_not_even_check_a_file()
    {
        var client = await app.ClientForAsync("community");

        var response = await PostAsync(client, Collection(), "?dryRun=true");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    /// <summary>Every row the import could touch, and every audit entry: a dry run changes none of them.</summary>
    private Task<(int Units, int Grids, long Versions, int Audit)> SnapshotAsync() =>
        app.WithDbAsync(async db => (
            await db.Units.IgnoreQueryFilters().CountAsync(),
            await db.Set<Grid>().CountAsync(),
            (await db.Set<Grid>().Select(g => g.Version).ToListAsync()).Sum(),
            await db.AuditEntries.CountAsync(e => e.Action == GridGeoJsonImport.AuditAction)));

    private async Task<Coordinate> InteriorAsync(string gridCode)
    {
        var grid = await app.WithDbAsync(db => db.Set<Grid>().AsNoTracking().SingleAsync(g => g.Code == gridCode));
        return grid.Boundary.InteriorPoint.Coordinate;
    }

    private async Task<double[][][]> BoundaryAsync(string gridCode)
    {
        var grid = await app.WithDbAsync(db => db.Set<Grid>().AsNoTracking().SingleAsync(g => g.Code == gridCode));
        var polygon = (Polygon)grid.Boundary.GetGeometryN(0);
        return [[.. polygon.ExteriorRing.Coordinates.Select(c => new[] { c.X, c.Y })]];
    }

    private static Task<HttpResponseMessage> PostAsync(HttpClient client, string json, string query = "") =>
        client.PostAsync(ImportUrl + query, new StringContent(json, Encoding.UTF8, "application/geo+json"));

    private static string Collection(params object[] features) => JsonSerializer.Serialize(new { type = "FeatureCollection", features });

    private static object Feature(object properties, double[][][] rings) =>
        new { type = "Feature", properties, geometry = new { type = "Polygon", coordinates = rings } };

    private static double[][][] Square(Coordinate at, double half = 0.0003) =>
    [[
        [at.X - half, at.Y - half], [at.X + half, at.Y - half], [at.X + half, at.Y + half], [at.X - half, at.Y + half], [at.X - half, at.Y - half],
    ]];

    private sealed record ProblemItem(int? Index, string? Code, string Message, double[]? Location);

    private sealed record ReportBody(
        int Features, string Crs, bool DryRun, bool Imported, bool IsValid, List<string> Created, List<string> Redrawn, List<int> Skipped, List<ProblemItem> Problems, List<ProblemItem> Warnings);
}
