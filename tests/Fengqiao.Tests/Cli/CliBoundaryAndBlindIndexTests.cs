using System.Text.Json;
using Fengqiao.Cli;
using Fengqiao.Kernel.Privacy;
using Fengqiao.Places.Boundaries;
using Fengqiao.Places.Geo;
using Fengqiao.Places.Grids;
using Fengqiao.Places.Organisations;
using Microsoft.EntityFrameworkCore;

namespace Fengqiao.Tests.Cli;

/// <summary>
/// <c>fengqiao places import-boundaries</c> and <c>fengqiao privacy rekey-blind-index</c> over the demo seeded by the
/// tool itself (宜城街道's communities drawn on the real 宜兴市 outline, 茶东社区's organisations with phones).
/// </summary>
public sealed class CliBoundaryAndBlindIndexTests(SeededCliDatabase database) : IClassFixture<SeededCliDatabase>
{
    private const string Heping = "320282001003"; // 和平社区

    [Fact]
    public async Task Import_boundaries_reads_a_gcj02_file_and_stores_the_community_in_wgs84()
    {
        var drawn = await database.WithDbAsync(db => db.Set<UnitBoundary>().AsNoTracking().SingleAsync(b => b.Code == Heping));
        await database.WithDbAsync(db => db.Set<UnitBoundary>().Where(b => b.Code == Heping).ExecuteDeleteAsync());
        var file = WriteCollection(new { code = Heping, name = "和平社区" }, ChinaCoordinates.ToGcj02(drawn.Boundary));

        var run = await database.RunAsync("places", "import-boundaries", "--file", file, "--level", "community", "--crs", "gcj02");

        Assert.True(run.ExitCode == ExitCodes.Ok, run.ToString());
        Assert.Contains("已导入社区边界 1 个（gcj02）：新增 1，重绘 0。", run.Output, StringComparison.Ordinal);
        var stored = await database.WithDbAsync(db => db.Set<UnitBoundary>().AsNoTracking().SingleAsync(b => b.Code == Heping));
        Assert.True(stored.Boundary.Normalized().EqualsExact(drawn.Boundary.Normalized(), 1e-6));
        File.Delete(file);
    }

    [Fact]
    public async Task Import_boundaries_refuses_a_bad_file_with_one_line_per_problem_and_exit_2()
    {
        var file = WriteCollection(new { code = "320282001", name = "宜城街道" }, GeoJson.Factory.CreatePolygon([new(119.80, 31.35), new(119.81, 31.35), new(119.81, 31.36), new(119.80, 31.35)]));
        var before = await database.WithDbAsync(db => db.Set<UnitBoundary>().Select(b => b.Version).ToListAsync());

        var run = await database.RunAsync("places", "import-boundaries", "--file", file);

        Assert.True(run.ExitCode == ExitCodes.InvalidInput, run.ToString());
        Assert.Contains("未写入任何数据", run.Error, StringComparison.Ordinal);
        Assert.Contains("第 1 个要素（features[0]，320282001）：社区代码“320282001”应为 12 位数字。", run.Error, StringComparison.Ordinal);
        Assert.Equal(before, await database.WithDbAsync(db => db.Set<UnitBoundary>().Select(b => b.Version).ToListAsync()));
        File.Delete(file);
    }

    [Fact]
    public async Task Rekey_blind_index_moves_every_index_to_the_new_key_and_a_second_run_changes_nothing()
    {
        var key = PrivacyKeys.NewKey();

        var first = await database.RunAsync("privacy", "rekey-blind-index", "--new-key", key);
        var second = await database.RunAsync("privacy", "rekey-blind-index", "--new-key", key);
        var malformed = await database.RunAsync("privacy", "rekey-blind-index", "--new-key", "not-a-key");

        Assert.True(first.ExitCode == ExitCodes.Ok, first.ToString());
        Assert.Matches(@"组织成员电话：检查 [1-9]\d* 条记录，重算 [1-9]\d* 个索引", first.Output);
        Assert.Contains("请把 Privacy:BlindIndexKey 改为新密钥", first.Output, StringComparison.Ordinal);
        Assert.True(second.ExitCode == ExitCodes.Ok, second.ToString());
        Assert.Contains("重算 0 个索引", second.Output, StringComparison.Ordinal);
        Assert.True(malformed.ExitCode == ExitCodes.InvalidInput, malformed.ToString());
        var members = await database.WithServicesAsync(async services =>
        {
            var protector = (PersonalDataProtector)services.GetService(typeof(PersonalDataProtector))!;
            var db = (Fengqiao.Kernel.Data.FengqiaoDbContext)services.GetService(typeof(Fengqiao.Kernel.Data.FengqiaoDbContext))!;
            var rows = await db.Set<OrganisationMember>().AsNoTracking().Where(m => m.PhoneCipher != null).ToListAsync();
            return rows.Select(m => (m.PhoneIndex, Expected: PersonalDataProtector.ComputeBlindIndex(PrivacyKeys.Decode(key)!, OrganisationMember.PhoneField, protector.Decrypt(OrganisationMember.PhoneField, m.PhoneCipher!)))).ToList();
        });
        Assert.NotEmpty(members);
        Assert.All(members, m => Assert.Equal(m.Expected, m.PhoneIndex));
    }

    private static string WriteCollection(object properties, NetTopologySuite.Geometries.Geometry geometry)
    {
        var path = Path.Combine(Path.GetTempPath(), $"boundaries-{Guid.NewGuid():N}.geojson");
        var feature = new { type = "Feature", properties, geometry = JsonDocument.Parse(JsonSerializer.Serialize(geometry, GeoJson.Options)).RootElement };
        File.WriteAllText(path, JsonSerializer.Serialize(new { type = "FeatureCollection", features = new[] { feature } }));
        return path;
    }
}
