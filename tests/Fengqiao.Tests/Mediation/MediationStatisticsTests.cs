using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Fengqiao.Kernel.Time;
using Fengqiao.Mediation.Committees;
using Fengqiao.Mediation.Disputes;
using Fengqiao.Mediation.Statistics;
using Fengqiao.Testing;
using Fengqiao.Tests.Cases;
using Microsoft.EntityFrameworkCore;
using static Fengqiao.Tests.Mediation.DisputeApiTests;

namespace Fengqiao.Tests.Mediation;

/// <summary>
/// /api/v1/mediation/statistics over a small realistic month in 宜城街道: seven disputes taken in through the API at the
/// community and street committees, closed through the case's own methods (agreements are another feature's), one more
/// accepted the month before. Every figure is checked against the hand count in <see cref="Fixture"/>.
/// </summary>
public sealed class MediationStatisticsTests(MediationStatisticsTests.Fixture month) : IClassFixture<MediationStatisticsTests.Fixture>
{
    private const string Url = "/api/v1/mediation/statistics";

    [Fact]
    public async Task The_street_figures_match_the_hand_count()
    {
        var street = await month.App.ClientForAsync("street");

        var report = await street.GetFromJsonAsync<StatisticsReport>($"{Url}?unit=320282001&from={month.From:yyyy-MM-dd}&to={month.To:yyyy-MM-dd}", CaseFixtures.Json);

        // 7 accepted in the month (the 8th was accepted the month before); 4 resolved: #1, #3, #4, #5.
        Assert.Equal((7, 4, 0.5714), (report!.Total.Accepted, report.Total.Resolved, report.Total.SuccessRate));
        Assert.Equal((1, 1, 0, 1), (report.Failed, report.Withdrawn, report.ReferredOut, report.Open));
        Assert.Equal((176200.50m, 171200.50m), (report.Total.Amount, report.Total.ResolvedAmount));
        // 民转刑 prevented: #3 (self-harm words); mass petitions prevented: #4 (6 people, petition office) and #5 (12 people).
        Assert.Equal((1, 2), (report.Total.CrimePrevented, report.Total.MassPetitionPrevented));
        // Closed: 5 + 3 + 10 + 20 + 8 + 1 = 47 days over 6 cases.
        Assert.Equal((6, 7.8), (report.Closed, report.AverageDays));
        // Resolved at the community tier: #1, #3, #4 of 4.
        Assert.Equal((3, 0.75), (report.ResolvedAtCommunity, report.CommunityShare));

        var types = report.ByType.ToDictionary(r => r.Key);
        Assert.Equal(15, report.ByType.Count);
        Assert.Equal((2, 1, 0.5, 3200.50m), (types["Neighbourhood"].Accepted, types["Neighbourhood"].Resolved, types["Neighbourhood"].SuccessRate, types["Neighbourhood"].Amount));
        Assert.Equal((1, 1, 1), (types["MarriageAndFamily"].Accepted, types["MarriageAndFamily"].Resolved, types["MarriageAndFamily"].CrimePrevented));
        Assert.Equal((2, 2, 168000m, 2), (types["Labour"].Accepted, types["Labour"].Resolved, types["Labour"].Amount, types["Labour"].MassPetitionPrevented));
        Assert.Equal((1, 0, 0.0), (types["Contract"].Accepted, types["Contract"].Resolved, types["Contract"].SuccessRate));
        Assert.Equal((0, null), (types["Medical"].Accepted, types["Medical"].SuccessRate));

        var sources = report.BySource.ToDictionary(r => r.Key);
        Assert.Equal(["application", "initiative", "referral"], report.BySource.Select(r => r.Key));
        Assert.Equal((3, 2), (sources["application"].Accepted, sources["application"].Resolved));
        Assert.Equal((2, 0), (sources["initiative"].Accepted, sources["initiative"].Resolved));
        Assert.Equal((2, 2), (sources["referral"].Accepted, sources["referral"].Resolved));

        var tiers = report.ByTier.ToDictionary(r => r.Key);
        Assert.Equal((5, 3), (tiers["VillageOrCommunity"].Accepted, tiers["VillageOrCommunity"].Resolved));
        Assert.Equal((2, 1), (tiers["TownshipOrStreet"].Accepted, tiers["TownshipOrStreet"].Resolved));
        Assert.Equal(0, tiers["County"].Accepted);
    }

    [Fact]
    public async Task A_named_month_and_the_community_default_give_the_community_subtree_only()
    {
        var community = await month.App.ClientForAsync("community");

        var report = await community.GetFromJsonAsync<StatisticsReport>($"{Url}?period={month.From:yyyy-MM}", CaseFixtures.Json);

        Assert.Equal(("320282001001", month.From, month.To), (report!.UnitCode, report.From, report.To));
        Assert.Equal((5, 3), (report.Total.Accepted, report.Total.Resolved));
    }

    [Fact]
    public async Task The_excel_report_has_the_monthly_report_shape_and_the_same_figures()
    {
        var street = await month.App.ClientForAsync("street");

        var response = await street.GetAsync($"{Url}.xlsx?unit=320282001&from={month.From:yyyy-MM-dd}&to={month.To:yyyy-MM-dd}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(StatisticsWorkbook.ContentType, response.Content.Headers.ContentType?.MediaType);
        var rows = ReadSheet(await response.Content.ReadAsByteArrayAsync());
        Assert.Equal("人民调解工作统计表", rows[0][0]);
        Assert.Equal(StatisticsWorkbook.Columns, rows.First(r => r.Count > 0 && r[0] == "项目").Take(8));
        var labour = rows.First(r => r.Count > 0 && r[0] == "劳动争议纠纷");
        Assert.Equal(["劳动争议纠纷", "2", "2", "1", "168000", "168000", "0", "2"], labour);
        var total = rows.First(r => r.Count > 0 && r[0] == "合计");
        Assert.Equal(("7", "4", 0.5714, "176200.5"), (total[1], total[2], double.Parse(total[3], CultureInfo.InvariantCulture), total[4]));
        Assert.Equal("7.8", rows.First(r => r.Count > 0 && r[0] == "平均办理天数")[1]);
        Assert.Equal("0.75", rows.First(r => r.Count > 0 && r[0] == "矛盾不上交率")[1]);
        Assert.Equal(15, rows.SkipWhile(r => r.Count == 0 || r[0] != "项目").Skip(1).TakeWhile(r => r.Count > 0 && r[0] != "合计").Count());
    }

    [Fact]
    public async Task Bad_periods_and_units_outside_the_jurisdiction_are_refused_with_reasons()
    {
        var community = await month.App.ClientForAsync("community");
        var grid = await month.App.ClientForAsync("grid");

        var otherUnit = await community.GetAsync($"{Url}?unit=320282001&period={month.From:yyyy-MM}");
        var badMonth = await community.GetAsync($"{Url}?period=2026-13");
        var backwards = await community.GetAsync($"{Url}?from=2026-11-30&to=2026-11-01");
        var both = await community.GetAsync($"{Url}?period=2026-11&from=2026-11-01");
        var unknown = await community.GetAsync($"{Url}?unit=999999999&period=2026");
        var notAReader = await grid.GetAsync($"{Url}?period=2026");

        Assert.Equal(HttpStatusCode.Forbidden, otherUnit.StatusCode);
        Assert.Contains("管辖范围", await otherUnit.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, badMonth.StatusCode);
        Assert.Contains("月份", await badMonth.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, backwards.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, both.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, notAReader.StatusCode);
    }

    /// <summary>The cells of the first sheet as text, row by row (numbers in invariant form).</summary>
    private static List<List<string>> ReadSheet(byte[] bytes)
    {
        using var stream = new MemoryStream(bytes);
        using var document = SpreadsheetDocument.Open(stream, false);
        var part = document.WorkbookPart!.WorksheetParts.Single();
        var result = new List<List<string>>();
        foreach (var row in part.Worksheet.Descendants<Row>())
        {
            while (result.Count < row.RowIndex!.Value - 1)
            {
                result.Add([]);
            }

            result.Add([.. row.Elements<Cell>().Select(c => c.DataType?.Value == CellValues.InlineString ? c.InlineString!.InnerText : c.CellValue?.Text ?? "")]);
        }

        return result;
    }

    /// <summary>The month of the test run, with the disputes of the hand count.</summary>
    public sealed class Fixture : IAsyncLifetime
    {
        public FengqiaoApp App { get; } = new();

        public DateOnly From { get; private set; }

        public DateOnly To { get; private set; }

        public async Task InitializeAsync()
        {
            await App.InitializeAsync();
            var today = DateOnly.FromDateTime(ChinaTime.ToLocal(DateTimeOffset.UtcNow).DateTime);
            From = new DateOnly(today.Year, today.Month, 1);
            To = From.AddMonths(1);
            var street = await App.ClientForAsync("street");
            var chadong = await CommunityCommitteeAsync(street);
            var streetCommittee = (await street.GetFromJsonAsync<List<CommitteeApiTests.SummaryBody>>("/api/v1/mediation/committees?unit=320282001"))!
                .Single(c => c.Name == DemoCommittees.StreetCommitteeName).Id;

            var c1 = await IntakeAsync(street, chadong, Dispute("ApplicationWalkIn", null, "Neighbourhood", "楼上漏水致楼下天花板受损", "要求修复防水并赔偿修缮费用。", 2, 3200.50m));
            var c2 = await IntakeAsync(street, chadong, Dispute("Initiative", null, "Neighbourhood", "公共楼道堆放杂物", "要求清理楼道。", 2, null));
            var c3 = await IntakeAsync(street, chadong, Dispute("ApplicationPhone", null, "MarriageAndFamily", "夫妻感情不和闹离婚", "妻子称再这样下去不想活了，要求丈夫戒赌。", 2, null));
            var c4 = await IntakeAsync(street, chadong, Dispute("ReferralPetitionOffice", "宜信转〔2026〕31号", "Labour", "装修队 6 名工人追讨工钱", "要求包工头支付工钱。", 6, 48000m));
            var c5 = await IntakeAsync(street, streetCommittee, Dispute("ReferralCourt", "（2026）苏0282民诉前调1234号", "Labour", "建筑公司拖欠 12 名工人劳务费", "要求支付劳务费。", 12, 120000m));
            await IntakeAsync(street, streetCommittee, Dispute("ApplicationWeb", null, "Contract", "茶叶买卖合同货款纠纷", "要求支付货款。", 2, 5000m));
            var c7 = await IntakeAsync(street, chadong, Dispute("InformantClue", "信息员郑海涛线索", "Property", "车位被占引发业主与物业争执", "要求物业清理占用车位。", 2, null));
            var earlier = await IntakeAsync(street, chadong, Dispute("ApplicationWalkIn", null, "Neighbourhood", "空调外机噪音", "要求移位空调外机。", 2, 800m));

            // Test-only seeding through the DbContext: agreements (which resolve through the API) are another feature's.
            await App.WithDbAsync(async db =>
            {
                var cases = await db.Set<MediationCase>().Where(c => c.Id == c1.Id || c.Id == c2.Id || c.Id == c3.Id || c.Id == c4.Id || c.Id == c5.Id || c.Id == c7.Id || c.Id == earlier.Id)
                    .ToDictionaryAsync(c => c.Id);
                DateTimeOffset After(Guid id, int days) => ChinaTime.At(cases[id].AcceptedOn.AddDays(days), new TimeOnly(10, 0)).ToUniversalTime();
                cases[c1.Id].Resolve(After(c1.Id, 5));
                cases[c2.Id].EndUnresolved(After(c2.Id, 3));
                cases[c3.Id].Resolve(After(c3.Id, 10));
                cases[c4.Id].Resolve(After(c4.Id, 20));
                cases[c5.Id].Resolve(After(c5.Id, 8));
                cases[c7.Id].Close(DisputeStatus.Withdrawn, After(c7.Id, 1));
                cases[earlier.Id].Resolve(After(earlier.Id, 2));
                return await db.SaveChangesAsync();
            });
            var before = From.AddDays(-3);
            await App.WithDbAsync(db => db.Set<MediationCase>().Where(c => c.Id == earlier.Id).ExecuteUpdateAsync(s => s.SetProperty(c => c.AcceptedOn, before)));
        }

        public async Task DisposeAsync() => await App.DisposeAsync();

        private static object Dispute(string source, string? reference, string type, string title, string claims, int people, decimal? amount) => new
        {
            source, sourceReference = reference, type, title, peopleInvolved = people, amount, claims,
            facts = $"{title}，双方多次协商未果，向调解组织求助。",
            parties = new object[]
            {
                new { kind = "Person", role = "Applicant", name = "申" + title[..2] },
                new { kind = "Person", role = "Respondent", name = "被" + title[..2] },
            },
        };
    }
}
