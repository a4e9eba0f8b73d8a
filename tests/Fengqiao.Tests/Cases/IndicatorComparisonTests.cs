using System.Net;
using Fengqiao.Cases.Indicators;
using Fengqiao.Kernel.Time;
using Fengqiao.Kernel.Units;
using static Fengqiao.Tests.Cases.CaseFixtures;

namespace Fengqiao.Tests.Cases;

/// <summary>
/// 下级单位对比 and named periods, over the same hand-built week as <see cref="IndicatorTests"/>: all nine cases of
/// 2026-03-02 … 03-08 lie in grid 320282001001001 of 茶东社区, so the street's figures are that community's and the
/// other communities of 宜城街道 have none.
/// </summary>
public sealed class IndicatorComparisonTests(IndicatorTests.IndicatorsApp app) : IClassFixture<IndicatorTests.IndicatorsApp>
{
    private const string Street = "320282001";
    private const string Period = "from=2026-03-02&to=2026-03-09";

    [Fact]
    public async Task A_streets_comparison_gives_each_community_its_own_indicators_and_they_add_up_to_the_street()
    {
        using var street = await app.ClientForAsync("street");

        var comparison = await ReadAsync<IndicatorComparisonReport>(await street.GetAsync($"/api/v1/cases/indicators/units?unit={Street}&{Period}"));

        Assert.Equal(9, comparison.Total.Reported);
        Assert.True(comparison.Units.Count >= 2, "宜城街道 has several communities.");
        Assert.All(comparison.Units, u => Assert.Equal(UnitLevel.Community, u.Level));
        var chadong = Assert.Single(comparison.Units, u => u.Code == Community);
        Assert.Equal(9, chadong.Report.Reported);
        Assert.Equal((5, 6), (chadong.Report.Closing.Numerator, chadong.Report.Closing.Denominator));
        Assert.Equal((2, 3), (chadong.Report.Satisfaction.Numerator, chadong.Report.Satisfaction.Denominator));
        Assert.Equal(comparison.Total.ResolvedInVillage, chadong.Report.ResolvedInVillage);
        Assert.All(comparison.Units.Where(u => u.Code != Community), u =>
        {
            Assert.Equal(0, u.Report.Reported);
            Assert.Null(u.Report.Closing.Rate);  // nothing was due: not 0 %
        });
        Assert.Equal(comparison.Total.Reported, comparison.Units.Sum(u => u.Report.Reported));
    }

    [Fact]
    public async Task A_comparison_above_the_callers_jurisdiction_or_by_person_or_without_a_unit_is_refused()
    {
        using var community = await app.ClientForAsync("community");

        var above = await community.GetAsync($"/api/v1/cases/indicators/units?unit={Street}&{Period}");
        var byPerson = await community.GetAsync($"/api/v1/cases/indicators/units?unit={Community}&user=grid&{Period}");
        var noUnit = await community.GetAsync($"/api/v1/cases/indicators/units?{Period}");
        var own = await ReadAsync<IndicatorComparisonReport>(await community.GetAsync($"/api/v1/cases/indicators/units?unit={Community}&{Period}"));

        Assert.Equal(HttpStatusCode.Forbidden, above.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, byPerson.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, noUnit.StatusCode);
        Assert.True((await JsonAsync(noUnit)).GetProperty("errors").TryGetProperty("unit", out _));

        // A community compares its grids; the week's cases all lie in the demo grid 320282001001001.
        Assert.All(own.Units, u => Assert.Equal(UnitLevel.Grid, u.Level));
        Assert.Equal(9, Assert.Single(own.Units, u => u.Code == Grid).Report.Reported);
    }

    [Fact]
    public async Task A_named_period_is_read_in_shanghai_time_and_a_bad_period_or_date_is_refused_with_a_reason()
    {
        using var street = await app.ClientForAsync("street");
        var today = DateOnly.FromDateTime(ChinaTime.ToLocal(DateTimeOffset.UtcNow).DateTime);
        var month = new DateOnly(today.Year, today.Month, 1);

        var lastMonth = await ReadAsync<IndicatorReport>(await street.GetAsync($"/api/v1/cases/indicators?unit={Street}&period=last-month"));
        var unknown = await street.GetAsync($"/api/v1/cases/indicators?unit={Street}&period=fortnight");
        var malformed = await street.GetAsync($"/api/v1/cases/indicators?unit={Street}&from=2026-13-01&to=2026-03-09");
        var both = await street.GetAsync($"/api/v1/cases/indicators?unit={Street}&period=this-month&from=2026-03-02");
        var tooLong = await street.GetAsync($"/api/v1/cases/indicators?unit={Street}&from=2024-01-01&to=2026-01-01");

        Assert.Equal((month.AddMonths(-1), month), (lastMonth.From, lastMonth.To));
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Contains("this-month", (await JsonAsync(unknown)).GetProperty("errors").GetProperty("period")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        Assert.Contains("2026-13-01", (await JsonAsync(malformed)).GetProperty("errors").GetProperty("from")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, both.StatusCode);
        Assert.True((await JsonAsync(both)).GetProperty("errors").TryGetProperty("period", out _));
        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
    }

    [Theory]
    [InlineData("2026-11-26", "this-month", "2026-11-01", "2026-12-01")]
    [InlineData("2026-01-15", "last-month", "2025-12-01", "2026-01-01")]
    [InlineData("2026-11-26", "this-quarter", "2026-10-01", "2027-01-01")]
    [InlineData("2026-02-28", "last-quarter", "2025-10-01", "2026-01-01")]
    [InlineData("2026-07-01", "this-year", "2026-01-01", "2027-01-01")]
    public void Named_periods_are_half_open_calendar_months_quarters_and_years(string today, string name, string from, string to)
    {
        var (start, end) = IndicatorPeriods.Of(name, DateOnly.Parse(today, System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(DateOnly.Parse(from, System.Globalization.CultureInfo.InvariantCulture), start);
        Assert.Equal(DateOnly.Parse(to, System.Globalization.CultureInfo.InvariantCulture), end);
    }
}
