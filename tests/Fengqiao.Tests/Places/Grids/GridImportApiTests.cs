using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Fengqiao.Kernel.Audit;
using Fengqiao.Kernel.Units;
using Fengqiao.Places.Grids;
using Fengqiao.Testing;
using Microsoft.EntityFrameworkCore;
using NetTopologySuite.Geometries;

namespace Fengqiao.Tests.Places.Grids;

/// <summary>
/// POST /api/v1/places/grids/import and GET /api/v1/places/grids.geojson over the demo, whose grids are drawn on the
/// real 宜兴市 outline. A file with any problem is refused with a per-feature report and writes nothing.
/// </summary>
public sealed class GridImportApiTests(FengqiaoApp app) : IClassFixture<FengqiaoApp>
{
    private const string ImportUrl = "/api/v1/places/grids/import";
    private const string ExportUrl = "/api/v1/places/grids.geojson";
    private const string Yuedi = "320282001004";   // 岳堤社区: demo grids 001–003
    private const string Minzhu = "320282001005";  // 民主社区

    [Fact]
    public async Task Every_demo_grid_unit_has_a_boundary_inside_yixing()
    {
        var (units, grids) = await app.WithDbAsync(async db => (
            await db.Units.Where(u => u.Level == UnitLevel.Grid).Select(u => u.Code).ToListAsync(),
            await db.Set<Grid>().AsNoTracking().ToListAsync()));

        Assert.NotEmpty(units);
        Assert.Subset(grids.Select(g => g.Code).ToHashSet(), units.Where(c => c[^3..] is "001" or "002" or "003").ToHashSet());
        Assert.All(grids, g => Assert.True(g.Boundary.IsValid && g.Boundary.SRID == 4326 && g.Boundary.EnvelopeInternal.MinX > 119.3 && g.Boundary.EnvelopeInternal.MaxX < 120.2, g.Code));
    }

    [Fact]
    public async Task Admin_imports_two_grids_which_get_the_next_free_codes_and_are_audited()
    {
        var client = await app.ClientForAsync("admin");
        var first = await InteriorAsync($"{Yuedi}001");
        var second = await InteriorAsync($"{Yuedi}002");

        var response = await PostAsync(client, Collection(
            Feature(new { name = "岳堤小学", community = Yuedi, kind = "dedicated", purpose = "学校" }, Square(first)),
            Feature(new { name = "岳堤农贸市场", community = Yuedi, kind = "dedicated", purpose = "农贸市场" }, Square(second))));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var report = (await response.Content.ReadFromJsonAsync<ReportBody>())!;
        Assert.True(report.Imported);
        Assert.Equal([$"{Yuedi}004", $"{Yuedi}005"], report.Created);
        Assert.Empty(report.Problems);
        var (school, grid) = await app.WithDbAsync(async db => (
            await db.Units.AsNoTracking().SingleAsync(u => u.Code == $"{Yuedi}004"),
            await db.Set<Grid>().AsNoTracking().SingleAsync(g => g.Code == $"{Yuedi}004")));
        Assert.Equal("岳堤小学", school.Name);
        Assert.Equal(UnitLevel.Grid, school.Level);
        Assert.EndsWith($"/{Yuedi}/{Yuedi}004/", school.Path);
        Assert.Equal(school.Id, grid.UnitId);
        Assert.Equal(GridKind.Dedicated, grid.Kind);
        Assert.Equal("学校", grid.Purpose);
        Assert.True(grid.Boundary.Covers(new Point(first)));
        var entry = await app.WithDbAsync(db => db.AuditEntries.AsNoTracking()
            .Where(e => e.Action == GridGeoJsonImport.AuditAction && e.Outcome == AuditOutcome.Succeeded)
            .OrderByDescending(e => e.Sequence).FirstAsync());
        Assert.Equal("admin", entry.ActorName);

        // Re-importing a feature with an existing code redraws the grid and renames its unit.
        var again = await PostAsync(client, Collection(
            Feature(new { code = $"{Yuedi}004", name = "岳堤实验小学", community = Yuedi, kind = "dedicated", purpose = "学校" }, Square(first, 0.0002))));
        var redrawn = (await again.Content.ReadFromJsonAsync<ReportBody>())!;
        Assert.Equal([$"{Yuedi}004"], redrawn.Redrawn);
        var (renamed, redrawnGrid) = await app.WithDbAsync(async db => (
            await db.Units.AsNoTracking().SingleAsync(u => u.Code == $"{Yuedi}004"),
            await db.Set<Grid>().AsNoTracking().SingleAsync(g => g.Code == $"{Yuedi}004")));
        Assert.Equal("岳堤实验小学", renamed.Name);
        Assert.Equal(grid.Version + 1, redrawnGrid.Version);
        Assert.True(redrawnGrid.Boundary.Area < grid.Boundary.Area);
    }

    [Fact]
    public async Task Unclosed_ring_is_reported_with_its_feature_and_place_and_nothing_is_written()
    {
        var at = await InteriorAsync($"{Yuedi}003");
        var ring = Square(at)[0][..^1];

        var report = await RefusedAsync("admin", Collection(
            Feature(new { name = "好网格", community = Yuedi, kind = "dedicated", purpose = "公园" }, Square(at)),
            Feature(new { name = "坏网格", community = Yuedi, kind = "dedicated", purpose = "公园" }, new[] { ring })));

        var problem = Assert.Single(report.Problems);
        Assert.Equal(1, problem.Index);
        Assert.Contains("未闭合", problem.Message);
        AssertAt(ring[^1], problem.Location);
    }

    [Fact]
    public async Task Self_intersection_is_reported_where_the_edges_cross()
    {
        var at = await InteriorAsync($"{Yuedi}003");
        const double h = 0.0005;
        double[][] bowTie = [[at.X - h, at.Y - h], [at.X + h, at.Y + h], [at.X + h, at.Y - h], [at.X - h, at.Y + h], [at.X - h, at.Y - h]];

        var report = await RefusedAsync("admin", Collection(Feature(new { name = "蝴蝶结", community = Yuedi, kind = "dedicated", purpose = "广场" }, new[] { bowTie })));

        var problem = Assert.Single(report.Problems);
        Assert.Equal(0, problem.Index);
        Assert.Contains("自相交", problem.Message);
        Assert.NotNull(problem.Location);
        Assert.Equal(at.X, problem.Location[0], 1e-6);
        Assert.Equal(at.Y, problem.Location[1], 1e-6);
    }

    [Fact]
    public async Task Swapped_latitude_and_longitude_are_recognised()
    {
        var at = await InteriorAsync($"{Yuedi}003");
        var swapped = Square(at).Select(r => r.Select(p => new[] { p[1], p[0] }).ToArray()).ToArray();

        var report = await RefusedAsync("admin", Collection(Feature(new { name = "颠倒", community = Yuedi }, swapped)));

        var problem = Assert.Single(report.Problems);
        Assert.Contains("经纬度顺序可能颠倒", problem.Message);
        AssertAt(swapped[0][0], problem.Location);
    }

    [Fact]
    public async Task A_grid_in_the_sea_is_refused()
    {
        var report = await RefusedAsync("admin", Collection(Feature(new { name = "海上", community = Yuedi, kind = "dedicated", purpose = "码头" }, Square(new Coordinate(123.5, 31.0)))));

        var problem = Assert.Single(report.Problems);
        Assert.Contains("可能在海上", problem.Message);
        Assert.Equal(123.5, problem.Location![0], 0.01);
    }

    [Fact]
    public async Task A_grid_outside_china_is_refused()
    {
        var report = await RefusedAsync("admin", Collection(Feature(new { name = "东京", community = Yuedi }, Square(new Coordinate(139.76, 35.68)))));

        Assert.Contains("坐标在中国境外（可能在海上）", Assert.Single(report.Problems).Message);
    }

    [Fact]
    public async Task Overlapping_basic_grids_of_one_community_are_refused()
    {
        var at = await InteriorAsync($"{Yuedi}001");
        var shifted = new Coordinate(at.X + 0.0002, at.Y);

        var report = await RefusedAsync("admin", Collection(
            Feature(new { name = "甲", community = Yuedi, kind = "basic" }, Square(at)),
            Feature(new { name = "乙", community = Yuedi, kind = "basic" }, Square(shifted))));

        Assert.Contains(report.Problems, p => p.Index == 1 && p.Message.Contains("重叠") && p.Location is not null);
        Assert.Contains(report.Problems, p => p.Index == 0 && p.Message.Contains("重叠"));
    }

    [Fact]
    public async Task Unknown_community_and_duplicate_codes_are_refused()
    {
        var at = await InteriorAsync($"{Yuedi}001");

        var report = await RefusedAsync("admin", Collection(
            Feature(new { name = "无主", community = "320282001999", kind = "dedicated", purpose = "学校" }, Square(at)),
            Feature(new { code = $"{Yuedi}090", name = "甲", community = Yuedi, kind = "dedicated", purpose = "学校" }, Square(at)),
            Feature(new { code = $"{Yuedi}090", name = "乙", community = Yuedi, kind = "dedicated", purpose = "学校" }, Square(at))));

        Assert.Contains(report.Problems, p => p.Index == 0 && p.Message.Contains("320282001999") && p.Message.Contains("不存在"));
        Assert.Contains(report.Problems, p => p.Index == 2 && p.Message.Contains("重复"));
        Assert.DoesNotContain(report.Problems, p => p.Index == 1);
    }

    [Fact]
    public async Task Street_officer_cannot_import_into_a_community_of_another_street()
    {
        const string Other = "320282002901";
        await app.WithDbAsync(async db =>
        {
            var street = await db.Units.SingleAsync(u => u.Code == "320282002");
            db.Units.Add(new AdministrativeUnit(Other, "屺亭测试社区", UnitLevel.Community, street));
            return await db.SaveChangesAsync();
        });
        var at = await InteriorAsync($"{Yuedi}001");

        var report = await RefusedAsync("street", Collection(Feature(new { name = "越界", community = Other, kind = "dedicated", purpose = "学校" }, Square(at))));

        var problem = Assert.Single(report.Problems);
        Assert.Contains("不在您的管辖范围内", problem.Message);
    }

    [Fact]
    public async Task Only_administrators_and_street_officers_may_import()
    {
        var client = await app.ClientForAsync("community");

        var response = await PostAsync(client, Collection());

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task A_body_over_20_MB_is_refused_as_too_large()
    {
        var client = await app.ClientForAsync("admin");
        var before = await SnapshotAsync();
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(Collection().PadRight(25 * 1024 * 1024)));
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/geo+json");

        var response = await client.PostAsync(ImportUrl, content);

        var problem = await Platform.Problem.ReadAsync(response, HttpStatusCode.RequestEntityTooLarge);
        Assert.Equal("payload-too-large", problem.Code);
        Assert.Equal(before, await SnapshotAsync());
    }

    [Fact]
    public async Task A_file_larger_than_the_general_api_limit_but_within_20_MB_is_read()
    {
        var client = await app.ClientForAsync("admin");
        var at = await InteriorAsync("320282001006001");
        var json = Collection(Feature(new { name = "土城公园", community = "320282001006", kind = "dedicated", purpose = "公园" }, Square(at)));

        var response = await PostAsync(client, json.PadRight(3 * 1024 * 1024));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Valid_only_imports_the_good_features_and_names_the_skipped()
    {
        var client = await app.ClientForAsync("street");
        var at = await InteriorAsync($"{Minzhu}001");
        var broken = Square(at)[0][..^1];

        var response = await PostAsync(
            client,
            Collection(
                Feature(new { name = "民主幼儿园", community = Minzhu, kind = "dedicated", purpose = "幼儿园" }, Square(at)),
                Feature(new { name = "坏的", community = Minzhu, kind = "dedicated", purpose = "幼儿园" }, new[] { broken })),
            "?validOnly=true");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var report = (await response.Content.ReadFromJsonAsync<ReportBody>())!;
        Assert.True(report.Imported);
        Assert.Equal([1], report.Skipped);
        var created = Assert.Single(report.Created);
        Assert.StartsWith(Minzhu, created);
        Assert.Contains(report.Problems, p => p.Index == 1);
        Assert.True(await app.WithDbAsync(db => db.Set<Grid>().AnyAsync(g => g.Code == created)));
    }

    [Fact]
    public async Task Export_round_trips_through_import_in_wgs84_and_gcj02()
    {
        const string Jingdong = "320282001002"; // 荆东社区
        var client = await app.ClientForAsync("admin");
        var before = await app.WithDbAsync(db => db.Set<Grid>().AsNoTracking().Where(g => g.Code.StartsWith(Jingdong)).OrderBy(g => g.Code).ToListAsync());

        var exported = await client.GetAsync($"{ExportUrl}?community={Jingdong}");
        Assert.Equal("application/geo+json", exported.Content.Headers.ContentType?.MediaType);
        var json = await exported.Content.ReadAsStringAsync();
        using (var document = JsonDocument.Parse(json))
        {
            var features = document.RootElement.GetProperty("features").EnumerateArray().ToList();
            Assert.Equal(before.Select(g => g.Code), features.Select(f => f.GetProperty("properties").GetProperty("code").GetString()));
            Assert.All(features, f => Assert.Equal(Jingdong, f.GetProperty("properties").GetProperty("community").GetString()));
            Assert.Equal("basic", features[0].GetProperty("properties").GetProperty("kind").GetString());
        }

        // GeoJSON writes exterior rings counter-clockwise (RFC 7946); the shape is the same, hence the normalised comparisons.
        var reimported = (await (await PostAsync(client, json)).Content.ReadFromJsonAsync<ReportBody>())!;
        Assert.Equal(before.Select(g => g.Code), reimported.Redrawn);
        Assert.Empty(reimported.Created);
        var after = await app.WithDbAsync(db => db.Set<Grid>().AsNoTracking().Where(g => g.Code.StartsWith(Jingdong)).OrderBy(g => g.Code).ToListAsync());
        Assert.All(before.Zip(after), pair => Assert.True(pair.First.Boundary.Normalized().EqualsExact(pair.Second.Boundary.Normalized()), $"{pair.First.Code}: {pair.First.Boundary.Coordinates[0]} {pair.Second.Boundary.Coordinates[0]} {pair.First.Boundary.NumPoints} {pair.Second.Boundary.NumPoints}"));

        var gcj = await client.GetStringAsync($"{ExportUrl}?community={Jingdong}&crs=gcj02");
        using (var document = JsonDocument.Parse(gcj))
        {
            var first = document.RootElement.GetProperty("features")[0].GetProperty("geometry").GetProperty("coordinates")[0][0][0];
            var expected = ChinaCoordinates.Wgs84ToGcj02(before[0].Boundary.Coordinates[0].X, before[0].Boundary.Coordinates[0].Y);
            Assert.Equal(expected.Longitude, first[0].GetDouble(), 1e-9);
            Assert.Equal(expected.Latitude, first[1].GetDouble(), 1e-9);
        }

        var fromGcj = await PostAsync(client, gcj, "?crs=gcj02");
        Assert.Equal(HttpStatusCode.OK, fromGcj.StatusCode);
        var back = await app.WithDbAsync(db => db.Set<Grid>().AsNoTracking().Where(g => g.Code.StartsWith(Jingdong)).OrderBy(g => g.Code).ToListAsync());
        Assert.All(before.Zip(back), pair => Assert.True(pair.First.Boundary.Normalized().EqualsExact(pair.Second.Boundary.Normalized(), 1e-7), $"{pair.First.Code}: {pair.First.Boundary.Coordinates[0]} {pair.Second.Boundary.Coordinates[0]}"));
    }

    [Fact]
    public async Task Export_shows_staff_only_the_grids_within_their_jurisdiction()
    {
        var community = await app.ClientForAsync("community"); // 茶东社区
        var resident = await app.ClientForAsync("resident");

        using var document = JsonDocument.Parse(await community.GetStringAsync(ExportUrl));
        var codes = document.RootElement.GetProperty("features").EnumerateArray().Select(f => f.GetProperty("properties").GetProperty("code").GetString()!).ToList();

        Assert.NotEmpty(codes);
        Assert.All(codes, c => Assert.StartsWith("320282001001", c));
        Assert.Equal(HttpStatusCode.NotFound, (await community.GetAsync($"{ExportUrl}?community={Yuedi}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await resident.GetAsync(ExportUrl)).StatusCode);
    }

    private static void AssertAt(double[] expected, double[]? location)
    {
        Assert.NotNull(location);
        Assert.Equal(expected[0], location[0], 1e-6);
        Assert.Equal(expected[1], location[1], 1e-6);
    }

    private async Task<ReportBody> RefusedAsync(string user, string json)
    {
        var client = await app.ClientForAsync(user);
        var before = await SnapshotAsync();

        var response = await PostAsync(client, json);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = (await response.Content.ReadFromJsonAsync<ImportProblem>())!;
        Assert.Equal("grid-import-invalid", problem.Code);
        Assert.False(problem.Report.Imported);
        Assert.NotEmpty(problem.Errors);
        Assert.Equal(before, await SnapshotAsync());
        var refusal = await app.WithDbAsync(db => db.AuditEntries.AsNoTracking()
            .Where(e => e.Action == GridGeoJsonImport.AuditAction && e.Outcome == AuditOutcome.Failed && e.ActorName == user)
            .OrderByDescending(e => e.Sequence).FirstOrDefaultAsync());
        Assert.NotNull(refusal);
        return problem.Report;
    }

    private Task<(int Units, int Grids, long Versions)> SnapshotAsync() =>
        app.WithDbAsync(async db => (
            await db.Units.IgnoreQueryFilters().CountAsync(),
            await db.Set<Grid>().CountAsync(),
            (await db.Set<Grid>().Select(g => g.Version).ToListAsync()).Sum()));

    private async Task<Coordinate> InteriorAsync(string gridCode)
    {
        var grid = await app.WithDbAsync(db => db.Set<Grid>().AsNoTracking().SingleAsync(g => g.Code == gridCode));
        return grid.Boundary.InteriorPoint.Coordinate;
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

    private sealed record ReportBody(int Features, string Crs, bool Imported, List<string> Created, List<string> Redrawn, List<int> Skipped, List<ProblemItem> Problems, List<ProblemItem> Warnings);

    private sealed record ImportProblem(int Status, string Code, Dictionary<string, string[]> Errors, ReportBody Report);
}
