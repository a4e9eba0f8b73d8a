using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Fengqiao.Kernel.Audit;
using Fengqiao.Kernel.Units;
using Fengqiao.Places.Boundaries;
using Fengqiao.Places.Geo;
using Fengqiao.Places.Grids;
using Fengqiao.Testing;
using Microsoft.EntityFrameworkCore;
using NetTopologySuite.Geometries;

namespace Fengqiao.Tests.Places.Boundaries;

/// <summary>
/// Street and community boundaries (POST /api/v1/places/boundaries/import, GET /api/v1/places/boundaries.geojson)
/// over the demo, whose streets and communities are drawn on the real 宜兴市 outline, and the grid import's checks
/// against them: a grid outside its community, parts of a community no basic grid covers, and the note when a
/// community has no boundary.
/// </summary>
public sealed class BoundaryImportApiTests(FengqiaoApp app) : IClassFixture<FengqiaoApp>
{
    private const string ImportUrl = "/api/v1/places/boundaries/import";
    private const string ExportUrl = "/api/v1/places/boundaries.geojson";
    private const string GridImportUrl = "/api/v1/places/grids/import";
    private const string Street = "320282001";     // 宜城街道
    private const string Jingdong = "320282001002"; // 荆东社区
    private const string Heping = "320282001003";   // 和平社区
    private const string Yuedi = "320282001004";    // 岳堤社区
    private const string Minzhu = "320282001005";   // 民主社区
    private const string Tucheng = "320282001006";  // 土城社区

    [Fact]
    public async Task The_demo_stores_street_and_community_boundaries_that_its_grids_tile()
    {
        var (boundaries, grids) = await app.WithDbAsync(async db => (
            await db.Set<UnitBoundary>().AsNoTracking().ToListAsync(),
            await db.Set<Grid>().AsNoTracking().ToListAsync()));

        Assert.Contains(boundaries, b => b.Code == Street && b.Level == UnitLevel.Street);
        Assert.True(boundaries.Count(b => b.Level == UnitLevel.Street) > 10); // every street of 宜兴市
        // 民主社区's first grid is redrawn smaller by another test of this class.
        foreach (var community in boundaries.Where(b => b.Level == UnitLevel.Community && b.Code != Minzhu))
        {
            Assert.StartsWith(Street, community.Code);
            var own = grids.Where(g => g.Kind == GridKind.Basic && g.Code.StartsWith(community.Code, StringComparison.Ordinal)).ToList();
            Assert.Equal(3, own.Count);
            Assert.All(own, g => Assert.Null(BoundaryGeoJsonImport.UncoveredPart(community.Boundary, g.Boundary)));
            var union = NetTopologySuite.Operation.Union.UnaryUnionOp.Union(own.Select(g => (Geometry)g.Boundary).ToList());
            Assert.True(GeoMath.AreaSquareMetres(community.Boundary.SymmetricDifference(union)) < 1, community.Code);
        }
    }

    [Fact]
    public async Task Export_round_trips_through_import_in_gcj02_and_redraws_the_community()
    {
        var client = await app.ClientForAsync("street");
        var before = await BoundaryAsync(Jingdong);

        var gcj = await client.GetAsync($"{ExportUrl}?level=community&crs=gcj02");
        Assert.Equal("application/geo+json", gcj.Content.Headers.ContentType?.MediaType);
        using var document = JsonDocument.Parse(await gcj.Content.ReadAsStringAsync());
        var feature = document.RootElement.GetProperty("features").EnumerateArray().Single(f => f.GetProperty("properties").GetProperty("code").GetString() == Jingdong);
        Assert.Equal("荆东社区", feature.GetProperty("properties").GetProperty("name").GetString());
        Assert.Equal(Street, feature.GetProperty("properties").GetProperty("parent").GetString());
        var response = await PostAsync(client, JsonSerializer.Serialize(new { type = "FeatureCollection", features = new[] { feature } }), "?level=community&crs=gcj02");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var report = (await response.Content.ReadFromJsonAsync<ReportBody>())!;
        Assert.Equal([Jingdong], report.Redrawn);
        var after = await BoundaryAsync(Jingdong);
        Assert.Equal(before.Version + 1, after.Version);
        Assert.True(before.Boundary.Normalized().EqualsExact(after.Boundary.Normalized(), 1e-6));
        var audited = await app.WithDbAsync(db => db.AuditEntries.AsNoTracking().AnyAsync(e => e.Action == BoundaryGeoJsonImport.AuditAction && e.Outcome == AuditOutcome.Succeeded && e.ActorName == "street"));
        Assert.True(audited);
    }

    [Fact]
    public async Task A_community_without_a_boundary_gets_one_from_a_file_and_the_grid_import_then_checks_against_it()
    {
        var drawn = await BoundaryAsync(Tucheng);
        await app.WithDbAsync(db => db.Set<UnitBoundary>().Where(b => b.Code == Tucheng).ExecuteDeleteAsync());
        var admin = await app.ClientForAsync("admin");
        var inside = (await GridAsync($"{Tucheng}001")).Boundary.InteriorPoint.Coordinate;

        // No boundary: the grid import says so, and imports.
        var noBoundary = await PostGridsAsync(admin, Collection(Feature(new { name = "土城幼儿园", community = Tucheng, kind = "dedicated", purpose = "幼儿园" }, Square(inside))));
        var created = await PostAsync(admin, Collection(Feature(new { code = Tucheng, name = "土城社区" }, drawn.Boundary)), "?level=community");

        Assert.Equal(HttpStatusCode.OK, noBoundary.StatusCode);
        var note = Assert.Single((await noBoundary.Content.ReadFromJsonAsync<ReportBody>())!.Warnings);
        Assert.Contains($"社区 {Tucheng} 尚无边界", note.Message, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        Assert.Equal([Tucheng], (await created.Content.ReadFromJsonAsync<ReportBody>())!.Created);
        Assert.True((await BoundaryAsync(Tucheng)).Boundary.Normalized().EqualsExact(drawn.Boundary.Normalized(), 1e-9));
        var withBoundary = await PostGridsAsync(admin, Collection(Feature(new { name = "土城菜场", community = Tucheng, kind = "dedicated", purpose = "农贸市场" }, Square(inside, 0.0002))));
        Assert.Empty((await withBoundary.Content.ReadFromJsonAsync<ReportBody>())!.Warnings);
    }

    [Fact]
    public async Task A_grid_outside_its_community_is_refused_with_where_it_lies()
    {
        var admin = await app.ClientForAsync("admin");
        var inHeping = (await GridAsync($"{Heping}002")).Boundary.InteriorPoint.Coordinate;
        var before = await GridSnapshotAsync();

        var response = await PostGridsAsync(admin, Collection(Feature(new { name = "岳堤飞地", community = Yuedi, kind = "dedicated", purpose = "停车场" }, Square(inHeping))));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = (await response.Content.ReadFromJsonAsync<ImportProblem>())!;
        var outside = Assert.Single(problem.Report.Problems);
        Assert.Equal(0, outside.Index);
        Assert.Contains($"网格超出所属社区 {Yuedi} 的边界", outside.Message, StringComparison.Ordinal);
        Assert.NotNull(outside.Location);
        Assert.True((await BoundaryAsync(Heping)).Boundary.Covers(new Point(outside.Location[0], outside.Location[1])));
        Assert.Equal(before, await GridSnapshotAsync());
    }

    [Fact]
    public async Task A_grid_on_the_shared_edge_within_a_few_metres_is_inside()
    {
        var admin = await app.ClientForAsync("admin");
        var community = await BoundaryAsync(Heping);
        // The community itself, grown by about 2 m: shared edges drawn from another source differ that much.
        var grown = GeoMath.ToMultiPolygon(community.Boundary.Buffer(2 / 111_320.0));

        var response = await PostGridsAsync(admin, Collection(Feature(new { name = "和平社区全域", community = Heping, kind = "dedicated", purpose = "社区综合" }, grown)));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Part_of_a_community_left_without_a_basic_grid_is_reported_where_it_is()
    {
        var admin = await app.ClientForAsync("admin");
        var first = await GridAsync($"{Minzhu}001");
        // The first grid redrawn about 100 m smaller: a band of 民主社区 is then in no basic grid.
        var shrunk = GeoMath.ToMultiPolygon(first.Boundary.Buffer(-0.001));

        var response = await PostGridsAsync(admin, Collection(Feature(new { code = $"{Minzhu}001", name = "民主社区第一网格", community = Minzhu, kind = "basic" }, shrunk)));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var report = (await response.Content.ReadFromJsonAsync<ReportBody>())!;
        Assert.True(report.Imported);
        var gaps = report.Warnings.Where(w => w.Message.Contains("不在任何基础网格内", StringComparison.Ordinal) || w.Message.Contains("空隙", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(gaps);
        Assert.All(gaps, gap =>
        {
            Assert.NotNull(gap.Location);
            var at = new Point(gap.Location[0], gap.Location[1]);
            Assert.True(first.Boundary.Covers(at) && !shrunk.Contains(at), $"{gap.Message} at {gap.Location[0]}, {gap.Location[1]}");
        });
        Assert.True(GapArea(gaps) > 10_000);
    }

    [Fact]
    public async Task A_bad_boundary_file_is_refused_feature_by_feature_and_writes_nothing()
    {
        var client = await app.ClientForAsync("street");
        var yuedi = (await BoundaryAsync(Yuedi)).Boundary;
        var minzhu = (await BoundaryAsync(Minzhu)).Boundary;
        var otherStreet = (await BoundaryAsync("320282002")).Boundary.InteriorPoint.Coordinate;
        var at = yuedi.InteriorPoint.Coordinate;
        double[][] bowTie = [[at.X - 0.001, at.Y - 0.001], [at.X + 0.001, at.Y + 0.001], [at.X + 0.001, at.Y - 0.001], [at.X - 0.001, at.Y + 0.001], [at.X - 0.001, at.Y - 0.001]];
        var before = await BoundarySnapshotAsync();

        var response = await PostAsync(client, Collection(
            Feature(new { code = "320282001999", name = "不存在社区" }, Square(at)),
            Feature(new { code = "3202820010", name = "位数不对" }, Square(at)),
            Feature(new { code = Yuedi, name = "岳堤社区" }, new[] { bowTie }),
            Feature(new { code = Minzhu, name = "民主社区（扩大）" }, GeoMath.ToMultiPolygon(minzhu.Union(yuedi.Buffer(-0.0005)))),
            Feature(new { code = Heping, name = "和平社区（画到了屺亭街道）" }, Square(otherStreet)),
            Feature(new { code = Heping, name = "和平社区（重复）" }, Square(at))), "?level=community");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = (await response.Content.ReadFromJsonAsync<ImportProblem>())!;
        Assert.Equal("boundary-import-invalid", problem.Code);
        var problems = problem.Report.Problems;
        Assert.Contains(problems, p => p.Index == 0 && p.Message.Contains("不存在", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Index == 1 && p.Message.Contains("应为 12 位数字", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Index == 2 && p.Message.Contains("自相交", StringComparison.Ordinal) && p.Location is not null);
        Assert.Contains(problems, p => p.Index == 3 && p.Message.Contains($"与 {Yuedi} 的边界重叠", StringComparison.Ordinal) && p.Location is not null);
        Assert.Contains(problems, p => p.Index == 4 && p.Message.Contains($"超出所属街道 {Street}", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Index == 5 && p.Message.Contains("重复", StringComparison.Ordinal));
        Assert.Equal(before, await BoundarySnapshotAsync());
        Assert.True(await app.WithDbAsync(db => db.AuditEntries.AsNoTracking().AnyAsync(e => e.Action == BoundaryGeoJsonImport.AuditAction && e.Outcome == AuditOutcome.Failed)));
    }

    [Fact]
    public async Task A_boundary_in_the_sea_or_far_from_the_county_is_refused()
    {
        var admin = await app.ClientForAsync("admin");

        var response = await PostAsync(admin, Collection(Feature(new { code = Street, name = "宜城街道" }, Square(new Coordinate(121.47, 31.23), 0.01))), "?level=street");

        var problem = (await response.Content.ReadFromJsonAsync<ImportProblem>())!;
        Assert.Contains("远离所在区县", Assert.Single(problem.Report.Problems).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Export_shows_each_role_the_boundaries_of_its_jurisdiction_and_only_officers_import()
    {
        var community = await app.ClientForAsync("community"); // 茶东社区
        var grid = await app.ClientForAsync("grid");

        using var own = JsonDocument.Parse(await community.GetStringAsync($"{ExportUrl}?level=community"));
        using var streets = JsonDocument.Parse(await community.GetStringAsync($"{ExportUrl}?level=street"));
        var forbidden = await PostAsync(community, Collection(), "?level=community");
        var badLevel = await community.GetAsync($"{ExportUrl}?level=province");

        Assert.Equal(["320282001001"], own.RootElement.GetProperty("features").EnumerateArray().Select(f => f.GetProperty("properties").GetProperty("code").GetString()));
        Assert.Empty(streets.RootElement.GetProperty("features").EnumerateArray());
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badLevel.StatusCode);
        using var ofGrid = JsonDocument.Parse(await grid.GetStringAsync($"{ExportUrl}?level=community"));
        Assert.Empty(ofGrid.RootElement.GetProperty("features").EnumerateArray());
    }

    private static double GapArea(IEnumerable<ProblemItem> gaps) =>
        gaps.Sum(g => double.Parse(System.Text.RegularExpressions.Regex.Match(g.Message, @"约 (\d+) 平方米").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));

    private Task<UnitBoundary> BoundaryAsync(string code) =>
        app.WithDbAsync(db => db.Set<UnitBoundary>().AsNoTracking().SingleAsync(b => b.Code == code));

    private Task<Grid> GridAsync(string code) =>
        app.WithDbAsync(db => db.Set<Grid>().AsNoTracking().SingleAsync(g => g.Code == code));

    private Task<(int Count, long Versions)> BoundarySnapshotAsync() =>
        app.WithDbAsync(async db => (await db.Set<UnitBoundary>().CountAsync(), (await db.Set<UnitBoundary>().Select(b => b.Version).ToListAsync()).Sum()));

    private Task<(int Units, int Grids, long Versions)> GridSnapshotAsync() =>
        app.WithDbAsync(async db => (
            await db.Units.IgnoreQueryFilters().CountAsync(),
            await db.Set<Grid>().CountAsync(),
            (await db.Set<Grid>().Select(g => g.Version).ToListAsync()).Sum()));

    private static Task<HttpResponseMessage> PostAsync(HttpClient client, string json, string query) =>
        client.PostAsync(ImportUrl + query, new StringContent(json, Encoding.UTF8, "application/geo+json"));

    private static Task<HttpResponseMessage> PostGridsAsync(HttpClient client, string json) =>
        client.PostAsync(GridImportUrl, new StringContent(json, Encoding.UTF8, "application/geo+json"));

    private static string Collection(params object[] features) => JsonSerializer.Serialize(new { type = "FeatureCollection", features });

    private static object Feature(object properties, double[][][] rings) =>
        new { type = "Feature", properties, geometry = new { type = "Polygon", coordinates = rings } };

    private static object Feature(object properties, Geometry geometry) =>
        new { type = "Feature", properties, geometry = JsonDocument.Parse(JsonSerializer.Serialize(geometry, GeoJson.Options)).RootElement };

    private static double[][][] Square(Coordinate at, double half = 0.0003) =>
    [[
        [at.X - half, at.Y - half], [at.X + half, at.Y - half], [at.X + half, at.Y + half], [at.X - half, at.Y + half], [at.X - half, at.Y - half],
    ]];

    private sealed record ProblemItem(int? Index, string? Code, string Message, double[]? Location);

    private sealed record ReportBody(int Features, string Crs, bool Imported, List<string> Created, List<string> Redrawn, List<int> Skipped, List<ProblemItem> Problems, List<ProblemItem> Warnings);

    private sealed record ImportProblem(int Status, string Code, Dictionary<string, string[]> Errors, ReportBody Report);
}
