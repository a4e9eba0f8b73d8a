using Fengqiao.Kernel.Units;
using Fengqiao.Tests.Cli;
using Microsoft.EntityFrameworkCore;

namespace Fengqiao.Tests.Places.Divisions;

/// <summary>
/// <c>fengqiao places import-divisions</c> over the national tables of shared/data/divisions: counts per level,
/// idempotent re-import, renames, retirement without deletion, reactivation, and refusal of broken files.
/// </summary>
public sealed class ImportDivisionsCliTests(MigratedCliDatabase cli) : IClassFixture<MigratedCliDatabase>, IDisposable
{
    private static readonly string Divisions = Path.GetDirectoryName(SharedData.PathOf("data/divisions/villages-32.csv"))!;
    private readonly string _work = Directory.CreateTempSubdirectory("fq-divisions-").FullName;

    public void Dispose() => Directory.Delete(_work, recursive: true);

    [Fact]
    public async Task Importing_one_county_brings_its_streets_and_villages_and_the_chain_above_it()
    {
        var run = await ImportYixingAsync(Path.Combine(Divisions, "villages-32.csv"));

        Assert.True(run.ExitCode == 0, run.ToString());
        var units = await cli.WithDbAsync(db => db.Units.IgnoreQueryFilters().AsNoTracking().Where(u => u.Code.StartsWith("32")).ToListAsync());
        Assert.Equal(["江苏省"], units.Where(u => u.Level == UnitLevel.Province).Select(u => u.Name));
        Assert.Equal(["无锡市"], units.Where(u => u.Level == UnitLevel.City).Select(u => u.Name));
        Assert.Equal(["宜兴市"], units.Where(u => u.Level == UnitLevel.County).Select(u => u.Name));
        Assert.Equal(21, units.Count(u => u.Level == UnitLevel.Street));
        Assert.Equal(312, units.Count(u => u.Level == UnitLevel.Community));
        var chadong = units.Single(u => u.Code == "320282001001");
        Assert.Equal("茶东社区", chadong.Name);
        Assert.Equal("/32/3202/320282/320282001/320282001001/", chadong.Path);
        Assert.Contains("村级", run.Output);
        Assert.Contains("新增", run.Output);
    }

    [Fact]
    public async Task Re_import_changes_nothing_then_a_rename_updates_and_a_vanished_village_is_retired_not_deleted()
    {
        Assert.Equal(0, (await ImportYixingAsync(Path.Combine(Divisions, "villages-32.csv"))).ExitCode);

        var again = await ImportYixingAsync(Path.Combine(Divisions, "villages-32.csv"));
        Assert.Equal(0, again.ExitCode);
        Assert.Matches(@"村级\s+新增\s+0\s+更新\s+0\s+撤销\s+0\s+未变\s+312", again.Output);

        // A new edition: 茶东 renamed, 荆东 gone.
        var edited = Path.Combine(_work, "villages-edited.csv");
        await File.WriteAllLinesAsync(edited, File.ReadLines(Path.Combine(Divisions, "villages-32.csv"))
            .Where(line => !line.StartsWith("320282001002,", StringComparison.Ordinal))
            .Select(line => line.Replace("\"茶东社区居民委员会\"", "\"茶东新村社区居民委员会\"", StringComparison.Ordinal)));
        var changed = await ImportYixingAsync(edited);

        Assert.Equal(0, changed.ExitCode);
        Assert.Matches(@"村级\s+新增\s+0\s+更新\s+1\s+撤销\s+1\s+未变\s+310", changed.Output);
        var units = await cli.WithDbAsync(db => db.Units.IgnoreQueryFilters().AsNoTracking().Where(u => u.Code.StartsWith("32028200100")).ToListAsync());
        Assert.Equal("茶东新村社区", units.Single(u => u.Code == "320282001001").Name);
        var jingdong = units.Single(u => u.Code == "320282001002");
        Assert.True(jingdong.IsRetired);
        Assert.Equal("荆东社区", jingdong.Name);

        // The next edition has it back: reactivated, not duplicated.
        var back = await ImportYixingAsync(Path.Combine(Divisions, "villages-32.csv"));
        Assert.Matches(@"村级\s+新增\s+0\s+更新\s+2\s+撤销\s+0\s+未变\s+310", back.Output);
        Assert.False(await cli.WithDbAsync(db => db.Units.IgnoreQueryFilters().Where(u => u.Code == "320282001002").Select(u => u.IsRetired).SingleAsync()));
    }

    [Fact]
    public async Task A_broken_table_is_refused_with_file_and_line_and_nothing_is_written()
    {
        var broken = Path.Combine(_work, "villages-broken.csv");
        await File.WriteAllTextAsync(broken, "code,name,streetCode,provinceCode,cityCode,areaCode\n320999001001,\"某某社区居民委员会\",320282001,32,3202,320282\n32028200100X,\"坏代码\",320282001,32,3202,320282\n");
        var before = await cli.WithDbAsync(db => db.Units.IgnoreQueryFilters().CountAsync());

        var run = await ImportYixingAsync(broken);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("villages-broken.csv 第 2 行", run.Error);
        Assert.Contains("不在上级 320282001 之下", run.Error);
        Assert.Contains("villages-broken.csv 第 3 行", run.Error);
        Assert.Equal(before, await cli.WithDbAsync(db => db.Units.IgnoreQueryFilters().CountAsync()));
    }

    [Fact]
    public async Task A_gbk_encoded_table_is_refused_with_a_hint()
    {
        var gbk = Path.Combine(_work, "villages-gbk.csv");
        await File.WriteAllBytesAsync(gbk, [.. "code,name,streetCode,provinceCode,cityCode,areaCode\n320282001001,\""u8.ToArray(), 0xB2, 0xE8, 0xB6, 0xAB, .. "\",320282001,32,3202,320282\n"u8.ToArray()]);

        var run = await ImportYixingAsync(gbk);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("GBK", run.Error);
    }

    private Task<CliRun> ImportYixingAsync(string villages) => cli.RunAsync(
        "places", "import-divisions",
        "--provinces", Path.Combine(Divisions, "provinces.csv"),
        "--cities", Path.Combine(Divisions, "cities.csv"),
        "--areas", Path.Combine(Divisions, "areas.csv"),
        "--streets", Path.Combine(Divisions, "streets-32.csv"),
        "--villages", villages,
        "--only", "320282");
}
