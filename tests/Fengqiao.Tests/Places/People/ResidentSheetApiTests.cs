using System.Net;
using System.Net.Http.Json;
using System.Text;
using Fengqiao.Kernel.Audit;
using Fengqiao.Kernel.Privacy;
using Fengqiao.Places.People;
using Fengqiao.Places.People.Spreadsheets;
using Fengqiao.Testing;
using Fengqiao.Tests.Platform;
using Microsoft.EntityFrameworkCore;
using static Fengqiao.Tests.Places.People.People;
using static Fengqiao.Tests.Places.People.ResidentSheetFiles;

namespace Fengqiao.Tests.Places.People;

/// <summary>The test host with small import limits, so that "too large" and "too many rows" are cheap to reach.</summary>
public sealed class ResidentSheetApp : FengqiaoApp
{
    public const int MaxBytes = 200_000;
    public const int MaxRows = 300;

    protected override IReadOnlyDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>
    {
        ["Places:MaxResidentImportBytes"] = MaxBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Places:MaxResidentImportRows"] = MaxRows.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}

/// <summary>
/// 实有人口 import and export through the API: a template to fill in, a report naming row, column and reason, all or
/// nothing unless asked otherwise, GBK files read, jurisdiction kept, and exports that no spreadsheet can execute.
/// </summary>
public sealed class ResidentSheetApiTests(ResidentSheetApp app) : IClassFixture<ResidentSheetApp>
{
    private const string Community = "320282001001";

    private static string Street() => $"人民南路88号阳光花园{Random.Shared.Next(100_000, 999_999)}";

    [Fact]
    public async Task Template_offers_the_model_columns_with_an_example_row_and_notes_as_xlsx_and_as_csv_with_bom()
    {
        var community = await app.ClientForAsync("community");

        var xlsx = await community.GetAsync("/api/v1/places/residents/template?format=xlsx");
        var csv = await community.GetAsync("/api/v1/places/residents/template?format=csv");

        Assert.Equal(HttpStatusCode.OK, xlsx.StatusCode);
        Assert.Equal(SheetWriter.XlsxMediaType, xlsx.Content.Headers.ContentType?.MediaType);
        var (cells, anyFormula, sheets) = ReadXlsx(await xlsx.Content.ReadAsByteArrayAsync());
        Assert.Equal([ResidentSheet.SheetName, ResidentSheet.NotesSheetName], sheets);
        Assert.False(anyFormula);
        Assert.Equal("网格编码", cells["A1"]);
        Assert.Equal("身份证号码", cells["H1"]);
        Assert.Equal("与户主关系", cells["J1"]);
        Assert.Equal(ResidentSheet.ExampleIdentityNumber, cells["H2"]);
        var bytes = await csv.Content.ReadAsByteArrayAsync();
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        var lines = Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3).Split("\r\n");
        Assert.Equal(string.Join(',', Headers), lines[0]);
        Assert.Contains(ResidentSheet.ExampleIdentityNumber, lines[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Community_worker_imports_a_csv_households_are_created_or_matched_and_the_audit_holds_counts_only()
    {
        var community = await app.ClientForAsync("community");
        var street = Street();
        var building = await community.PostAsJsonAsync($"/api/v1/places/grids/{OwnGrid}/buildings", new { street, number = "3" });
        building.EnsureSuccessStatusCode();
        var buildingId = (await building.Content.ReadFromJsonAsync<IdBody>())!.Id;
        var existing = await community.PostAsJsonAsync($"/api/v1/places/buildings/{buildingId}/households", new { room = "1-101" });
        existing.EnsureSuccessStatusCode();
        var head = IdentityNumber(new DateOnly(1962, 4, 18), male: true);
        var spouse = IdentityNumber(new DateOnly(1964, 9, 2), male: false);
        var child = IdentityNumber(new DateOnly(1990, 1, 26), male: true);
        var neighbour = IdentityNumber(new DateOnly(1948, 12, 30), male: false);
        var rows = new[]
        {
            Row(OwnGrid, street, "3", "2-501", "周建华", head, "13812345678", "户主", "户籍人口", "江苏省无锡市宜兴市", gender: "男", birthDate: "1962-04-18"),
            Row(OwnGrid, street, "3", "2-501", "吴秀兰", spouse, "0510-87654321", "配偶"),
            Row(OwnGrid, street, "3", "2-501", "周磊", child, null, "子女", "人户分离"),
            Row(OwnGrid, street, "3", "1-101", "沈桂英", neighbour, "139 6158 8888", "户主", "户籍人口", null, "独居老人、低保"),
        };

        var response = await UploadAsync(community, Csv(rows), "宜城街道实有人口.csv");

        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var report = await ReportAsync(response);
        Assert.True(report.Imported);
        Assert.Equal("UTF-8", report.Encoding);
        Assert.Equal((4, 4, 1, 1, 0), (report.Rows, report.ResidentsCreated, report.HouseholdsCreated, report.HouseholdsMatched, report.BuildingsCreated));
        Assert.Empty(report.Problems);
        var stored = await app.WithDbAsync(db => db.Set<Resident>().AsNoTracking().Where(r => r.BuildingId == buildingId).ToListAsync());
        Assert.Equal(["吴秀兰", "周建华", "周磊", "沈桂英"], stored.Select(r => r.Name).Order(StringComparer.Ordinal));
        Assert.All(stored, r => Assert.True(PersonalDataProtector.IsProtected(r.IdentityNumber)));
        var headRow = stored.Single(r => r.Name == "周建华");
        Assert.Equal(new DateOnly(1962, 4, 18), headRow.BirthDate);
        Assert.Equal(["独居老人", "低保"], stored.Single(r => r.Name == "沈桂英").Tags);
        var households = await app.WithDbAsync(db => db.Set<Household>().AsNoTracking().Where(h => h.BuildingId == buildingId).ToListAsync());
        Assert.Equal(headRow.Id, households.Single(h => h.Room == "2-501").HeadResidentId);
        var audit = await app.WithDbAsync(db => db.AuditEntries.AsNoTracking()
            .Where(e => e.Action == ImportResidents.AuditAction && e.ActorName == "community" && e.Outcome == AuditOutcome.Succeeded)
            .OrderByDescending(e => e.Sequence).FirstAsync());
        Assert.Contains("导入 4 位居民", audit.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain("周建华", audit.Detail!, StringComparison.Ordinal);
        Assert.DoesNotContain(head, audit.Detail!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_gbk_encoded_csv_from_chinese_excel_is_detected_and_read_correctly()
    {
        var community = await app.ClientForAsync("community");
        var street = Street();
        var number = IdentityNumber(new DateOnly(1971, 7, 7), male: false);
        var gbk = CodePagesEncoding("GB18030");

        var response = await UploadAsync(community, Csv([Row(OwnGrid, street, "5", "3-302", "欧阳丽娟", number, "13706171234", "户主", "流动人口", "安徽省阜阳市临泉县")], encoding: gbk), "gbk.csv");

        var report = await ReportAsync(response);
        Assert.True(report.Imported, string.Join("\n", report.Problems));
        Assert.Equal(SheetReader.Gb18030, report.Encoding);
        var stored = await app.WithDbAsync(db => db.Set<Resident>().AsNoTracking().SingleAsync(r => r.Name == "欧阳丽娟"));
        Assert.Equal("安徽省阜阳市临泉县", stored.RegisteredResidence);
        Assert.Equal(ResidenceKind.Floating, stored.ResidenceKind);
    }

    [Fact]
    public async Task Wrong_headers_name_the_unknown_and_the_missing_columns_and_nothing_is_written()
    {
        var community = await app.ClientForAsync("community");
        var headers = Headers.Select(h => h == "姓名" ? "名字" : h).Append("备注").ToArray();
        var row = Row(OwnGrid, Street(), "1", "1-101", "钱国强", IdentityNumber(new DateOnly(1980, 5, 5), male: true)).Append("无").ToArray();

        var response = await UploadAsync(community, Csv([row], headers), "wrong-headers.csv");

        var problem = await Problem.ReadAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal("resident-import-invalid", problem.Code);
        var report = await ReportAsync(response);
        Assert.Contains(report.Problems, p => p.Row is null && p.Column == "名字" && p.Message.Contains("无法识别", StringComparison.Ordinal));
        Assert.Contains(report.Problems, p => p.Row is null && p.Column == "备注");
        Assert.Contains(report.Problems, p => p.Row is null && p.Column == "姓名" && p.Message.Contains("缺少必填列", StringComparison.Ordinal));
        Assert.False(await app.WithDbAsync(db => db.Set<Resident>().AnyAsync(r => r.Name == "钱国强")));
    }

    [Fact]
    public async Task Headers_in_another_order_and_with_aliases_are_matched()
    {
        var community = await app.ClientForAsync("community");
        var number = IdentityNumber(new DateOnly(1993, 3, 3), male: false);
        string[] headers = ["姓名", "身份证号", "手机号", "与户主关系", "网格编码", "小区", "幢号", "房号"];

        var response = await UploadAsync(community, Csv([["孙晓梅", number, "15061234567", "户主", OwnGrid, Street(), "9", "1-201"]], headers), "aliases.csv");

        var report = await ReportAsync(response);
        Assert.True(report.Imported, string.Join("\n", report.Problems));
        Assert.Equal(1, report.ResidentsCreated);
    }

    [Fact]
    public async Task Every_bad_row_is_reported_with_row_column_and_reason_and_an_error_in_the_last_row_writes_nothing()
    {
        var community = await app.ClientForAsync("community");
        var street = Street();
        var registered = IdentityNumber(new DateOnly(1955, 10, 1), male: true);
        await RegisteredAsync(community, await HouseholdAsync(community, OwnGrid), "蒋志明", registered);
        var first = IdentityNumber(new DateOnly(1988, 8, 8), male: true);
        var rows = new[]
        {
            Row(OwnGrid, street, "7", "1-101", "韩立新", first, "13912345678"),
            Row(OwnGrid, street, "7", "1-101", "杨雪", IdentityNumber(new DateOnly(1989, 2, 14), male: false), null, "配偶"),
            Row(OwnGrid, street, "7", "1-102", "曹军", WithWrongCheck(IdentityNumber(new DateOnly(1979, 6, 1), male: true))),
            Row(OwnGrid, street, "7", "1-103", "韩立新", first),
            Row(OwnGrid, street, "7", "1-104", "许婷", IdentityNumber(new DateOnly(1995, 11, 11), male: false), "1381234"),
            Row(OwnGrid, street, "7", "1-105", "蒋志明", registered, null, "表亲"),
        };

        var response = await UploadAsync(community, Csv(rows), "errors.csv");

        await Problem.ReadAsync(response, HttpStatusCode.BadRequest);
        var report = await ReportAsync(response);
        Assert.False(report.Imported);
        Assert.Equal((6, 2), (report.Rows, report.ValidRows));
        Assert.Contains(report.Problems, p => p is { Row: 4, Column: "身份证号码" } && p.Message.Contains("校验位", StringComparison.Ordinal));
        Assert.Contains(report.Problems, p => p is { Row: 5, Column: "身份证号码" } && p.Message.Contains("第 2 行", StringComparison.Ordinal));
        Assert.Contains(report.Problems, p => p is { Row: 6, Column: "联系电话" });
        Assert.Contains(report.Problems, p => p is { Row: 7, Column: "身份证号码" } && p.Message.Contains("已登记", StringComparison.Ordinal));
        Assert.Contains(report.Problems, p => p is { Row: 7, Column: "与户主关系" });
        Assert.DoesNotContain(report.Problems, p => p.Row is 2 or 3);
        Assert.False(await app.WithDbAsync(db => db.Set<Resident>().AnyAsync(r => r.Name == "韩立新" || r.Name == "杨雪")));
        Assert.False(await app.WithDbAsync(db => db.Set<Building>().AnyAsync(b => b.Street == street)));
        Assert.True(await app.WithDbAsync(db => db.AuditEntries.AnyAsync(e => e.Action == ImportResidents.AuditAction && e.Outcome == AuditOutcome.Failed)));
    }

    [Fact]
    public async Task Valid_only_imports_the_good_rows_and_lists_the_skipped_ones()
    {
        var community = await app.ClientForAsync("community");
        var street = Street();
        var rows = new[]
        {
            Row(OwnGrid, street, "2", "1-101", "马春花", IdentityNumber(new DateOnly(1966, 1, 6), male: false)),
            Row(OwnGrid, street, "2", "1-102", "马秋生", WithWrongCheck(IdentityNumber(new DateOnly(1967, 2, 7), male: true))),
            Row(OwnGrid, street, "2", "1-103", "马冬梅", IdentityNumber(new DateOnly(1968, 3, 8), male: false)),
        };

        var response = await UploadAsync(community, Csv(rows), "some-bad.csv", "?validOnly=true");

        var report = await ReportAsync(response);
        Assert.True(report.Imported);
        Assert.Equal(2, report.ResidentsCreated);
        Assert.Equal([3], report.SkippedRows);
        Assert.Equal(["马冬梅", "马春花"], await app.WithDbAsync(db => db.Set<Resident>().Where(r => r.Name == "马春花" || r.Name == "马秋生" || r.Name == "马冬梅").Select(r => r.Name).OrderBy(n => n).ToListAsync()));
    }

    [Fact]
    public async Task Dry_run_returns_the_report_and_writes_nothing()
    {
        var community = await app.ClientForAsync("community");
        var street = Street();
        var rows = new[] { Row(OwnGrid, street, "4", "1-101", "卫东升", IdentityNumber(new DateOnly(1977, 4, 4), male: true)) };

        var response = await UploadAsync(community, Xlsx(rows), "check.xlsx", "?dryRun=true");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var report = await ReportAsync(response);
        Assert.Equal(("xlsx", 1, 1, false), (report.Format, report.Rows, report.ValidRows, report.Imported));
        Assert.False(await app.WithDbAsync(db => db.Set<Building>().AnyAsync(b => b.Street == street)));
        Assert.False(await app.WithDbAsync(db => db.Set<Resident>().AnyAsync(r => r.Name == "卫东升")));
    }

    [Fact]
    public async Task An_xlsx_file_imports_and_the_example_row_of_the_template_is_refused()
    {
        var community = await app.ClientForAsync("community");
        var street = Street();
        var example = ResidentSheet.Columns.Select(c => c.Example).ToArray();
        var rows = new[] { example, Row(OwnGrid, street, "6", "2-202", "顾文博", IdentityNumber(new DateOnly(2001, 9, 9), male: true), "18951234567") };

        var refused = await ReportAsync(await UploadAsync(community, Xlsx(rows), "template.xlsx"));
        var imported = await ReportAsync(await UploadAsync(community, Xlsx(rows[1..]), "filled.xlsx"));

        Assert.Contains(refused.Problems, p => p.Row == 2 && p.Message.Contains("示例行", StringComparison.Ordinal));
        Assert.True(imported.Imported, string.Join("\n", imported.Problems));
        Assert.Equal(1, imported.ResidentsCreated);
    }

    [Fact]
    public async Task Community_and_grid_workers_cannot_import_into_a_grid_outside_their_jurisdiction()
    {
        var community = await app.ClientForAsync("community");
        var grid = await app.ClientForAsync("grid");
        var rows = new[] { Row(OtherGrid, Street(), "8", "1-101", "彭德怀", IdentityNumber(new DateOnly(1950, 1, 1), male: true)) };

        foreach (var client in new[] { community, grid })
        {
            var response = await UploadAsync(client, Csv(rows), "other.csv");
            await Problem.ReadAsync(response, HttpStatusCode.BadRequest);
            var report = await ReportAsync(response);
            Assert.Contains(report.Problems, p => p is { Row: 2, Column: "网格编码" } && p.Message.Contains("管辖范围", StringComparison.Ordinal));
        }

        Assert.False(await app.WithDbAsync(db => db.Set<Resident>().AnyAsync(r => r.Name == "彭德怀")));
    }

    [Fact]
    public async Task A_file_over_the_size_limit_is_413_and_too_many_rows_is_400_with_the_limit()
    {
        var community = await app.ClientForAsync("community");
        var big = new byte[ResidentSheetApp.MaxBytes + 1];
        Array.Fill(big, (byte)'a');
        var rows = Enumerable.Range(0, ResidentSheetApp.MaxRows + 1)
            .Select(i => Row(OwnGrid, "长街", "1", $"1-{i}", "测试", "110105194912310021")).ToArray();

        var tooLarge = await UploadAsync(community, big, "big.csv");
        var tooMany = await UploadAsync(community, Csv(rows), "many.csv");

        await Problem.ReadAsync(tooLarge, HttpStatusCode.RequestEntityTooLarge);
        var problem = await Problem.ReadAsync(tooMany, HttpStatusCode.BadRequest);
        Assert.Contains($"{ResidentSheetApp.MaxRows:N0}", problem.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_file_that_is_neither_xlsx_nor_csv_is_refused_with_the_reason()
    {
        var community = await app.ClientForAsync("community");

        var xls = await UploadAsync(community, [0xD0, 0xCF, 0x11, 0xE0], "old.xls");
        var broken = await UploadAsync(community, Encoding.UTF8.GetBytes("not a zip"), "broken.xlsx");

        Assert.Contains(".xlsx", (await Problem.ReadAsync(xls, HttpStatusCode.BadRequest)).Detail, StringComparison.Ordinal);
        Assert.Contains("不是有效的 .xlsx", (await Problem.ReadAsync(broken, HttpStatusCode.BadRequest)).Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_formula_in_a_cell_is_exported_as_text_in_csv_and_in_xlsx_never_as_a_formula()
    {
        var street = await app.ClientForAsync("street");
        var formula = "=HYPERLINK(\"http://x\",\"y\")";
        var streetName = Street();
        var number = IdentityNumber(new DateOnly(1983, 12, 12), male: true);
        var imported = await ReportAsync(await UploadAsync(street, Csv([Row(OwnGrid, streetName, "11", "1-101", "冯志远", number, null, "户主", null, formula, null)]), "formula.csv"));
        Assert.True(imported.Imported, string.Join("\n", imported.Problems));
        var purpose = Uri.EscapeDataString("社区人口核查（2026 年度）");

        var csv = await street.GetAsync($"/api/v1/places/residents/export?unit={OwnGrid}&format=csv&unmasked=true&purpose={purpose}");
        var xlsx = await street.GetAsync($"/api/v1/places/residents/export?unit={OwnGrid}&format=xlsx&unmasked=true&purpose={purpose}");

        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        var csvText = Encoding.UTF8.GetString(await csv.Content.ReadAsByteArrayAsync());
        var line = csvText.Split("\r\n").Single(l => l.Contains(number, StringComparison.Ordinal));
        Assert.Contains("\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"", line, StringComparison.Ordinal);
        Assert.DoesNotContain(",=", line, StringComparison.Ordinal);
        var (cells, anyFormula, _) = ReadXlsx(await xlsx.Content.ReadAsByteArrayAsync());
        Assert.False(anyFormula);
        var row = cells.Single(c => c.Value == number).Key[1..];
        Assert.Equal("'" + formula, cells["L" + row]);
        Assert.True(await app.WithDbAsync(db => db.AuditEntries.AnyAsync(e => e.Action == ExportResidents.AuditAction && e.Detail!.Contains("社区人口核查"))));
    }

    [Fact]
    public async Task Export_is_masked_by_default_and_unmasked_needs_the_permission_and_a_purpose()
    {
        var community = await app.ClientForAsync("community");
        var supervisor = await app.ClientForAsync("supervisor");
        var number = IdentityNumber(new DateOnly(1959, 5, 20), male: false);
        var imported = await ReportAsync(await UploadAsync(community, Csv([Row(OwnGrid, Street(), "12", "1-101", "褚玉兰", number, "13812349876", "户主", null, null, "独居老人")]), "masked.csv"));
        Assert.True(imported.Imported, string.Join("\n", imported.Problems));

        var masked = await community.GetAsync($"/api/v1/places/residents/export?unit={Community}&format=xlsx");
        var noPurpose = await community.GetAsync($"/api/v1/places/residents/export?unit={Community}&unmasked=true");
        var noPermission = await supervisor.GetAsync($"/api/v1/places/residents/export?unit={Community}&unmasked=true&purpose={Uri.EscapeDataString("年度统计核对")}");
        var outside = await community.GetAsync("/api/v1/places/residents/export?unit=320282001002");

        var (cells, _, _) = ReadXlsx(await masked.Content.ReadAsByteArrayAsync());
        var row = cells.Single(c => c.Value == Masking.IdentityNumber(number) && cells.GetValueOrDefault("E" + c.Key[1..]) == "褚**").Key[1..];
        Assert.Equal("138****9876", cells["I" + row]);
        Assert.Equal("1959", cells["G" + row]);
        Assert.Equal("独居老人", cells["M" + row]);
        Assert.DoesNotContain(cells.Values, v => v.Contains(number, StringComparison.Ordinal));
        Assert.Equal("purpose", Assert.Single((await Problem.ReadAsync(noPurpose, HttpStatusCode.BadRequest)).Errors!).Key);
        await Problem.ReadAsync(noPermission, HttpStatusCode.Forbidden);
        await Problem.ReadAsync(outside, HttpStatusCode.NotFound);
        Assert.True(await app.WithDbAsync(db => db.AuditEntries.AnyAsync(e => e.Action == ExportResidents.AuditAction && e.ActorName == "supervisor" && e.Outcome == AuditOutcome.Denied)));
    }

    private static Encoding CodePagesEncoding(string name)
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return Encoding.GetEncoding(name);
    }

    private sealed record IdBody(Guid Id);
}
