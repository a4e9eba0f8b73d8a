using System.Text;
using System.Text.Json;
using Fengqiao.Kernel.Units;
using Fengqiao.Places.Grids;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace Fengqiao.EndToEnd;

/// <summary>
/// The grid import wizard: the administrator chooses a community and a file with one broken feature, the check shows
/// the feature and its problem and writes nothing, then "valid features only" imports the others, which the result
/// links to and the map shows.
/// </summary>
public sealed class GridImportWizardTests(BrowserFixture fixture, ITestOutputHelper output) : BrowserTest(fixture, output)
{
    /// <summary>A community of 屺亭街道, outside 宜城街道 so that the street officer's map (105 grids) stays as it is.</summary>
    private const string Community = "320282002902";

    [BrowserFact]
    public async Task The_check_reports_the_bad_feature_and_writes_nothing_then_valid_only_imports_the_rest()
    {
        var at = await App.WithDbAsync(async db =>
        {
            var street = await db.Units.SingleAsync(u => u.Code == "320282002");
            db.Units.Add(new AdministrativeUnit(Community, "屺亭新村社区", UnitLevel.Community, street));
            await db.SaveChangesAsync();
            return (await db.Set<Grid>().AsNoTracking().SingleAsync(g => g.Code == "320282001004001")).Boundary.InteriorPoint.Coordinate;
        });
        double[][] Square(double x, double y) => [[x - 0.0003, y - 0.0003], [x + 0.0003, y - 0.0003], [x + 0.0003, y + 0.0003], [x - 0.0003, y + 0.0003], [x - 0.0003, y - 0.0003]];
        var unclosed = Square(at.X, at.Y + 0.002)[..^1];
        var file = JsonSerializer.Serialize(new
        {
            type = "FeatureCollection",
            features = new object[]
            {
                Feature(new { name = "屺亭新村第一网格", kind = "basic" }, Square(at.X, at.Y)),
                Feature(new { name = "未闭合的网格", kind = "basic" }, unclosed),
                Feature(new { name = "屺亭新村第二网格", kind = "basic" }, Square(at.X + 0.001, at.Y)),
            },
        });

        var page = await NewPageAsync(new BrowserNewContextOptions { Locale = "zh-CN" });
        await LoginAsync(page, "admin");
        await page.GotoAsync("/places/grids/import");
        await WaitForInteractiveAsync(page);

        await PickSuggestionAsync(page, "import-community", "屺亭新村", Community);
        await ChooseFilesAsync(page, "import-file", new FilePayload
        {
            Name = "屺亭新村网格.geojson",
            MimeType = "application/geo+json",
            Buffer = Encoding.UTF8.GetBytes(file),
        });
        await Expect(page.GetByTestId("import-file-name")).ToContainTextAsync("屺亭新村网格.geojson");
        await page.GetByTestId("import-validate").ClickAsync();

        var problems = page.GetByTestId("import-problem");
        await Expect(problems).ToHaveCountAsync(1);
        await Expect(problems).ToHaveAttributeAsync("data-index", "1");
        await Expect(problems).ToContainTextAsync("未闭合的网格");
        await Expect(problems).ToContainTextAsync("环未闭合");
        await Expect(page.GetByTestId("count-valid")).ToContainTextAsync("2");
        await Expect(page.GetByTestId("count-invalid")).ToContainTextAsync("1");
        await Expect(page.GetByTestId("import-verdict")).ToContainTextAsync("不写入任何数据");
        await Expect(page.GetByTestId("import-preview")).ToHaveAttributeAsync("data-features", "3");
        await Expect(page.GetByTestId("import-all")).ToBeDisabledAsync();
        Assert.Equal(0, await GridsInCommunityAsync()); // the check wrote nothing
        await ScreenshotAsync(page, "grid-import-report-as-admin");

        await page.GetByTestId("import-valid-only").ClickAsync();

        await Expect(page.GetByTestId("import-done")).ToContainTextAsync("新增 2 个网格");
        await Expect(page.GetByTestId("import-created")).ToHaveTextAsync([$"{Community}001", $"{Community}002"]);
        Assert.Equal(2, await GridsInCommunityAsync());
        var names = await App.WithDbAsync(db => db.Units.AsNoTracking().Where(u => u.ParentId != null && u.Code.StartsWith(Community) && u.Code != Community).OrderBy(u => u.Code).Select(u => u.Name).ToListAsync());
        Assert.Equal(["屺亭新村第一网格", "屺亭新村第二网格"], names);
        await ScreenshotAsync(page, "grid-import-result-as-admin");

        await page.GetByTestId("import-map-link").ClickAsync();
        await page.WaitForURLAsync("**/places/map");
        await WaitForInteractiveAsync(page);
        await Expect(page.GetByTestId("grid-map")).ToHaveAttributeAsync("data-features", new System.Text.RegularExpressions.Regex("^[1-9][0-9]*$"));
    }

    private Task<int> GridsInCommunityAsync() =>
        App.WithDbAsync(db => db.Set<Grid>().CountAsync(g => g.Code.StartsWith(Community)));

    private static object Feature(object properties, double[][] ring) =>
        new { type = "Feature", properties, geometry = new { type = "Polygon", coordinates = new[] { ring } } };
}
