using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Fengqiao.Cases.Domain;
using Fengqiao.Cases.Import;
using Fengqiao.Testing;
using Microsoft.EntityFrameworkCore;
using static Fengqiao.Tests.Cases.CaseFixtures;

namespace Fengqiao.Tests.Cases;

/// <summary>The test host with small import limits, so that "too large" and "too many rows" are cheap to reach.</summary>
public sealed class CaseImportApp : FengqiaoApp
{
    public const int MaxBytes = 20_000;
    public const int MaxRows = 20;

    protected override IReadOnlyDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>
    {
        ["Cases:Import:MaxBytes"] = MaxBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Cases:Import:MaxRows"] = MaxRows.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}

/// <summary>
/// 批量导入 over HTTP: every row through the report pipeline (located, classified, routed), a report by row and column,
/// all or nothing unless asked otherwise, GBK read, re-imports without duplicates, limits, and cells kept as inert text.
/// </summary>
public sealed class CaseImportTests(CaseImportApp app) : IClassFixture<CaseImportApp>
{
    internal static readonly string[] Headers = ["external_id", "title", "text", "address", "longitude", "latitude", "unit_code", "category_code", "channel", "reporter_name", "reporter_phone", "reported_at"];

    private static string Id() => $"RX-{Guid.NewGuid():N}"[..20];

    [Fact]
    public async Task A_good_file_becomes_cases_located_classified_and_routed_like_any_report()
    {
        var (lon, lat) = await PointInAsync(app, Grid);
        var (first, second) = (Id(), Id());
        var file = Csv(
        [
            [first, "阳光花园南门垃圾堆放", "阳光花园南门外绿化带旁边堆了很多生活垃圾，已经好几天没人清理。", "宜城街道阳光花园南门", F(lon), F(lat), "", "E0102", "热线", "王秀英", "13812345678", "2026-11-20 09:30"],
            [second, "", "人民南路与健康路口的窨井盖缺失，晚上很危险，请尽快处理。", "人民南路健康路口", F(lon), F(lat), "", "E0102", "", "", "", ""],
        ]);
        using var community = await app.ClientForAsync("community");

        var response = await UploadAsync(community, file, "热线工单.csv");

        var report = await ReportOf(response);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(report.Imported);
        Assert.Equal(2, report.Created);
        Assert.Equal("UTF-8", report.Encoding);
        var cases = await app.WithDbAsync(db => db.Set<Case>().IgnoreQueryFilters().AsNoTracking()
            .Where(c => report.Results.Select(r => r.TrackingCode).Contains(c.TrackingCode)).OrderBy(c => c.ReportedAt).ToListAsync());
        Assert.Equal(2, cases.Count);
        Assert.All(cases, c => Assert.Equal(Grid, c.GridCode));
        Assert.All(cases, c => Assert.Equal(CaseStatus.Dispatched, c.Status));
        var hotline = Assert.Single(cases, c => c.Channel == CaseChannel.Hotline);
        Assert.NotNull(hotline.ReporterPhoneCipher);
        var imported = Assert.Single(cases, c => c.Channel == CaseChannel.Import);
        Assert.True(imported.IsAnonymous);
        Assert.StartsWith("人民南路与健康路口的窨井盖缺失", imported.Title, StringComparison.Ordinal);
        var record = await app.WithDbAsync(db => db.Set<CaseImportRecord>().SingleAsync(r => r.ExternalId == first));
        Assert.Equal(new DateTimeOffset(2026, 11, 20, 1, 30, 0, TimeSpan.Zero), record.SourceReportedAt);
    }

    [Fact]
    public async Task A_gbk_file_saved_by_excel_on_chinese_windows_is_read_with_its_chinese_intact()
    {
        var id = Id();
        var file = Csv([[id, "宜城街道东虹路路灯不亮", "东虹路58号门口的路灯已经坏了一个星期，晚上行人看不清路。", "东虹路58号", "", "", Community, "E0102", "", "", "", ""]], Gbk());
        using var community = await app.ClientForAsync("community");

        var report = await ReportOf(await UploadAsync(community, file, "路灯.csv"));

        Assert.True(report.Imported, string.Join("; ", report.Problems.Select(p => p.Message)));
        Assert.Equal("GBK/GB18030", report.Encoding);
        var title = await app.WithDbAsync(db => db.Set<Case>().IgnoreQueryFilters().Where(c => c.TrackingCode == report.Results[0].TrackingCode).Select(c => c.Title).SingleAsync());
        Assert.Equal("宜城街道东虹路路灯不亮", title);
    }

    [Fact]
    public async Task Bad_rows_are_reported_by_row_and_column_and_all_or_nothing_writes_nothing()
    {
        var (lon, lat) = await PointInAsync(app, Grid);
        var ids = new[] { Id(), Id(), Id(), Id() };
        var file = Csv(
        [
            [ids[0], "路面破损", "健康路中段路面有一个大坑，电动车经过很危险。", "", F(lon), F(lat), "", "E0102", "", "", "", ""],
            [ids[1], "经度写错", "东门菜场门口占道经营严重，早上堵得走不动。", "", "一百一十九", F(lat), "", "", "", "", "", ""],
            [ids[2], "类别不存在", "小区里有人饲养家禽，气味很大影响邻居。", "", F(lon), F(lat), "", "Z9999", "", "", "", ""],
            [ids[3], "渠道不对", "楼道里堆放杂物，堵塞消防通道。", "", F(lon), F(lat), "", "", "微信群", "", "", "明天"],
        ]);
        using var community = await app.ClientForAsync("community");

        var response = await UploadAsync(community, file, "有误.csv");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var report = await ReportOf(response);
        Assert.False(report.Imported);
        Assert.Equal(0, report.Created);
        Assert.Contains(report.Problems, p => p is { Row: 3, Column: "longitude" } && p.Message.Contains("不是数字", StringComparison.Ordinal));
        Assert.Contains(report.Problems, p => p is { Row: 4, Column: "category_code" } && p.Message.Contains("Z9999", StringComparison.Ordinal));
        Assert.Contains(report.Problems, p => p is { Row: 5, Column: "channel" });
        Assert.Contains(report.Problems, p => p is { Row: 5, Column: "reported_at" });
        Assert.DoesNotContain(report.Problems, p => p.Row == 2);
        Assert.Equal(0, await app.WithDbAsync(db => db.Set<CaseImportRecord>().CountAsync(r => ids.Contains(r.ExternalId))));
        Assert.Equal(0, await app.WithDbAsync(db => db.Set<Case>().IgnoreQueryFilters().CountAsync(c => c.Title == "路面破损")));
    }

    [Fact]
    public async Task Valid_only_keeps_the_good_rows_and_a_dry_run_keeps_nothing()
    {
        var (lon, lat) = await PointInAsync(app, Grid);
        var (good, bad) = (Id(), Id());
        var file = Csv(
        [
            [good, "广场噪音扰民", "宜城广场晚上广场舞音响声音太大，十点以后还在跳。", "", F(lon), F(lat), "", "E0102", "", "", "", ""],
            [bad, "", "短", "", F(lon), F(lat), "", "", "", "", "", ""],
        ]);
        using var community = await app.ClientForAsync("community");

        var dry = await ReportOf(await UploadAsync(community, file, "试导入.csv", "?dryRun=true&validOnly=true"));
        var afterDry = await app.WithDbAsync(db => db.Set<CaseImportRecord>().CountAsync(r => r.ExternalId == good));
        var real = await ReportOf(await UploadAsync(community, file, "部分导入.csv", "?validOnly=true"));

        Assert.True(dry.DryRun);
        Assert.False(dry.Imported);
        Assert.Equal(1, dry.Created);
        Assert.Contains(dry.Problems, p => p is { Row: 3, Column: "text" });
        Assert.Equal(0, afterDry);
        Assert.True(real.Imported);
        Assert.Equal(1, real.Created);
        Assert.Equal([3], real.SkippedRows);
        Assert.Equal(1, await app.WithDbAsync(db => db.Set<CaseImportRecord>().CountAsync(r => r.ExternalId == good || r.ExternalId == bad)));
    }

    [Fact]
    public async Task Importing_the_same_file_again_makes_no_second_case_for_an_external_id()
    {
        var id = Id();
        var file = Csv([[id, "菜场门口占道经营", "东门菜场门口占道经营严重，早上堵得走不动，请城管处理。", "", "", "", Community, "E0102", "", "", "", ""]]);
        using var community = await app.ClientForAsync("community");

        var first = await ReportOf(await UploadAsync(community, file, "第一次.csv"));
        var again = await ReportOf(await UploadAsync(community, file, "第二次.csv"));

        Assert.Equal(1, first.Created);
        Assert.Equal(0, again.Created);
        Assert.Equal(1, again.AlreadyImported);
        Assert.Equal(first.Results[0].TrackingCode, again.Results[0].TrackingCode);
        Assert.True(again.Results[0].AlreadyImported);
        Assert.Equal(1, await app.WithDbAsync(db => db.Set<Case>().IgnoreQueryFilters().CountAsync(c => c.Title == "菜场门口占道经营")));
    }

    [Fact]
    public async Task A_file_over_the_size_or_row_limit_is_refused_and_nothing_is_written()
    {
        using var community = await app.ClientForAsync("community");
        var big = Csv(Enumerable.Range(0, 100).Select(i => new[] { Id(), "超大文件" + i, new string('很', 120) + "长的描述", "", "", "", Community, "E0102", "", "", "", "" }));
        var many = Csv(Enumerable.Range(0, CaseImportApp.MaxRows + 1).Select(i => new[] { Id(), "行数超限" + i, "行数超限的描述文字足够长。", "", "", "", Community, "E0102", "", "", "", "" }));

        var tooBig = await UploadAsync(community, big, "太大.csv");
        var tooMany = await UploadAsync(community, many, "太多.csv");

        Assert.True(big.Length > CaseImportApp.MaxBytes);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooBig.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, tooMany.StatusCode);
        var report = await ReportOf(tooMany);
        Assert.Contains(report.Problems, p => p.Row is null && p.Message.Contains("超过上限", StringComparison.Ordinal));
        Assert.Equal(0, await app.WithDbAsync(db => db.Set<Case>().IgnoreQueryFilters().CountAsync(c => c.Title.StartsWith("超大文件") || c.Title.StartsWith("行数超限"))));
    }

    [Fact]
    public async Task Formula_like_cells_are_stored_as_plain_text_never_evaluated()
    {
        var id = Id();
        const string Formula = "=HYPERLINK(\"http://example.com/x\",\"点此查看\")";
        var file = Csv([[id, Formula, "'=1+2 这是用户原文，开头是等号，应当原样保存为文字。", "", "", "", Community, "E0102", "", "", "", ""]]);
        using var community = await app.ClientForAsync("community");

        var report = await ReportOf(await UploadAsync(community, file, "公式.csv"));

        Assert.True(report.Imported, string.Join("; ", report.Problems.Select(p => p.ToString())));
        var stored = await app.WithDbAsync(db => db.Set<Case>().IgnoreQueryFilters().Where(c => c.TrackingCode == report.Results[0].TrackingCode)
            .Select(c => new { c.Title, c.Description }).SingleAsync());
        Assert.Equal(Formula, stored.Title);
        Assert.StartsWith("=1+2 这是用户原文", stored.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_grid_worker_may_not_import_and_a_file_without_the_text_column_is_refused()
    {
        using var grid = await app.ClientForAsync("grid");
        using var community = await app.ClientForAsync("community");
        var file = Encoding.UTF8.GetBytes("external_id,title\r\nRX-1,标题\r\n");

        var forbidden = await UploadAsync(grid, file, "无权.csv");
        var missing = await UploadAsync(community, file, "缺列.csv");

        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        var report = await ReportOf(missing);
        Assert.Contains(report.Problems, p => p is { Row: null, Column: "text" });
    }

    internal static Encoding Gbk()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return Encoding.GetEncoding("GBK");
    }

    internal static string F(double value) => value.ToString("R", System.Globalization.CultureInfo.InvariantCulture);

    internal static byte[] Csv(IEnumerable<string[]> rows, Encoding? encoding = null)
    {
        static string Field(string value) => value.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
        var text = new StringBuilder();
        foreach (var row in new[] { Headers }.Concat(rows))
        {
            text.Append(string.Join(',', row.Select(Field))).Append("\r\n");
        }

        return (encoding ?? new UTF8Encoding(false)).GetBytes(text.ToString());
    }

    private static async Task<HttpResponseMessage> UploadAsync(HttpClient client, byte[] content, string fileName, string query = "")
    {
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        form.Add(file, "file", fileName);
        return await client.PostAsync("/api/v1/cases/import" + query, form);
    }

    private static async Task<CaseImportReportBody> ReportOf(HttpResponseMessage response)
    {
        var json = await response.Content.ReadAsStringAsync();
        using var document = JsonDocument.Parse(json);
        var element = document.RootElement.TryGetProperty("report", out var report) ? report : document.RootElement;
        return element.Deserialize<CaseImportReportBody>(Json) ?? throw new InvalidOperationException(json);
    }

    private sealed record CaseImportReportBody(
        string? Encoding, int Rows, int ValidRows, bool DryRun, bool Imported, int Created, int AlreadyImported,
        List<int> SkippedRows, List<CaseImportRow> Results, List<CaseImportProblem> Problems);
}
