using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using Fengqiao.Kernel.Calendar;
using Fengqiao.Testing;

namespace Fengqiao.Tests.Platform;

/// <summary>Working-time answers over HTTP, the year view, and importing a year's statutory holidays.</summary>
public sealed class CalendarApiTests(FengqiaoApp app) : IClassFixture<FengqiaoApp>
{
    private static readonly TimeSpan Beijing = TimeSpan.FromHours(8);

    /// <summary>A 2027 file in the published format: 元旦 and a 春节 block with two adjusted weekend working days.</summary>
    private const string Holidays2027 = """
        date,kind,name
        2027-01-01,holiday,元旦
        2027-01-02,holiday,元旦
        2027-01-03,holiday,元旦
        2027-01-31,workday,春节
        2027-02-05,holiday,春节
        2027-02-06,holiday,春节
        2027-02-07,holiday,春节
        2027-02-08,holiday,春节
        2027-02-09,holiday,春节
        2027-02-10,holiday,春节
        2027-02-11,holiday,春节
        2027-02-12,holiday,春节
        2027-02-20,workday,春节
        """;

    [Fact]
    public async Task Four_working_hours_from_the_eve_of_national_day_end_after_the_golden_week()
    {
        var client = await app.ClientForAsync("street");

        // 2025-09-30 (Tue) 16:00-17:30 gives 1.5 h; 10-01..10-08 are off; 10-09 (Thu) 08:30 + the remaining 2.5 h = 11:00.
        var answer = await client.GetFromJsonAsync<AnswerBody>("/api/v1/working-time/deadline?start=2025-09-30T16:00:00%2B08:00&hours=4");

        Assert.Equal(new DateTimeOffset(2025, 10, 9, 11, 0, 0, Beijing), answer!.Deadline);
        Assert.Equal(Beijing, answer.Deadline!.Value.Offset);
        Assert.True(answer.CalendarCoversPeriod);
    }

    [Fact]
    public async Task One_working_day_from_the_eve_of_national_day_2026_ends_on_the_first_day_back()
    {
        var client = await app.ClientForAsync("street");

        // 2026-10-01..10-07 are off (国庆节), so the first working day after 09-30 is Thursday 10-08.
        var answer = await client.GetFromJsonAsync<AnswerBody>("/api/v1/working-time/deadline?start=2026-09-30T10:00:00%2B08:00&days=1");

        Assert.Equal(new DateTimeOffset(2026, 10, 8, 17, 30, 0, Beijing), answer!.Deadline);
        Assert.Equal(Beijing, answer.Deadline!.Value.Offset);
    }

    [Fact]
    public async Task Working_time_elapsed_over_a_weekend_counts_only_office_hours()
    {
        var client = await app.ClientForAsync("street");

        // Friday 2025-11-21 16:00-17:30 (1.5 h) and Monday 11-24 08:30-10:00 (1.5 h); the weekend counts nothing.
        var answer = await client.GetFromJsonAsync<AnswerBody>("/api/v1/working-time/elapsed?from=2025-11-21T16:00:00%2B08:00&to=2025-11-24T10:00:00%2B08:00");

        Assert.Equal(3.0, answer!.WorkingHours);
    }

    [Fact]
    public async Task Asking_for_hours_and_days_at_once_is_refused()
    {
        var client = await app.ClientForAsync("street");

        var response = await client.GetAsync("/api/v1/working-time/deadline?start=2025-09-30T16:00:00%2B08:00&hours=4&days=1");

        var problem = await Problem.ReadAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal("validation-failed", problem.Code);
        Assert.True(problem.Errors!.ContainsKey("hours"));
    }

    [Fact]
    public async Task Year_2026_lists_the_spring_festival_and_counts_working_days_as_the_shared_holiday_file_does()
    {
        var client = await app.ClientForAsync("street");
        var shared = HolidayFile.Parse(new StreamReader(SharedData.PathOf("data/calendar/cn-holidays-2025-2026.csv")));
        Assert.True(shared.IsValid);

        var year = await client.GetFromJsonAsync<YearBody>("/api/v1/calendar/2026");

        Assert.True(year!.IsImported);
        var springFestival = year.Exceptions.Where(d => d.Name == "春节").ToList();
        Assert.Equal(new DateOnly(2026, 2, 14), springFestival.First().Date); // 调休上班 before the holiday
        Assert.Equal(9, springFestival.Count(d => d.Kind == "Holiday"));      // 02-15 .. 02-23
        Assert.Equal(WorkingDaysIn(2026, shared.Days), year.WorkingDays);
        Assert.Equal(248, year.WorkingDays);
        Assert.Equal(["08:30-12:00", "13:30-17:30"], year.Periods);
    }

    [Fact]
    public async Task Administrator_imports_a_new_year_and_deadlines_follow_it_at_once()
    {
        var admin = await app.ClientForAsync("admin");
        var before = await admin.GetFromJsonAsync<AnswerBody>("/api/v1/working-time/deadline?start=2026-12-31T10:00:00%2B08:00&days=1");
        Assert.Equal(new DateTimeOffset(2027, 1, 1, 17, 30, 0, Beijing), before!.Deadline); // 2027 unknown: an ordinary Friday
        Assert.False(before.CalendarCoversPeriod);

        var response = await admin.PostAsync("/api/v1/calendar/import", Csv(Holidays2027));

        response.EnsureSuccessStatusCode();
        var summary = await response.Content.ReadFromJsonAsync<SummaryBody>();
        Assert.Equal([2027], summary!.Years);
        Assert.Equal(13, summary.Added);
        Assert.Equal(0, summary.Changed);
        Assert.Equal(0, summary.Removed);
        var year = await admin.GetFromJsonAsync<YearBody>("/api/v1/calendar/2027");
        Assert.True(year!.IsImported);
        Assert.Equal(13, year.Exceptions.Count);
        Assert.Equal(WorkingDaysIn(2027, HolidayFile.Parse(new StringReader(Holidays2027)).Days), year.WorkingDays);
        Assert.Equal(256, year.WorkingDays);
        var after = await admin.GetFromJsonAsync<AnswerBody>("/api/v1/working-time/deadline?start=2026-12-31T10:00:00%2B08:00&days=1");
        Assert.Equal(new DateTimeOffset(2027, 1, 4, 17, 30, 0, Beijing), after!.Deadline); // 元旦 01-01..01-03 now off
        Assert.True(after.CalendarCoversPeriod);
    }

    [Fact]
    public async Task Only_an_administrator_may_import_holidays()
    {
        var street = await app.ClientForAsync("street");

        var response = await street.PostAsync("/api/v1/calendar/import", Csv("date,kind,name\n2029-01-01,holiday,元旦\n"));

        await Problem.ReadAsync(response, HttpStatusCode.Forbidden);
        Assert.False((await street.GetFromJsonAsync<YearBody>("/api/v1/calendar/2029"))!.IsImported);
    }

    [Fact]
    public async Task Adjusted_working_day_on_a_weekday_is_refused_naming_the_line_and_nothing_is_written()
    {
        var admin = await app.ClientForAsync("admin");

        var response = await admin.PostAsync("/api/v1/calendar/import", Csv("date,kind,name\n2028-01-01,holiday,元旦\n2028-01-05,workday,元旦\n"));

        var problem = await Problem.ReadAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal(["第 3 行：2028-01-05 是星期三，调休上班日应为周末。"], problem.Errors!["file"]);
        var year = await admin.GetFromJsonAsync<YearBody>("/api/v1/calendar/2028");
        Assert.False(year!.IsImported);
        Assert.Empty(year.Exceptions);
    }

    [Fact]
    public async Task File_saved_as_gbk_is_refused_with_a_hint_and_nothing_is_written()
    {
        var admin = await app.ClientForAsync("admin");
        var gbk = CodePagesEncodingProvider.Instance.GetEncoding(936)!;
        var content = new ByteArrayContent(gbk.GetBytes("date,kind,name\n2028-01-26,holiday,春节\n2028-01-27,holiday,春节\n"));
        content.Headers.ContentType = new MediaTypeHeaderValue("text/csv");

        var response = await admin.PostAsync("/api/v1/calendar/import", content);

        var problem = await Problem.ReadAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains("GBK", problem.Detail);
        Assert.Contains("UTF-8", problem.Errors!["file"].Single());
        Assert.False((await admin.GetFromJsonAsync<YearBody>("/api/v1/calendar/2028"))!.IsImported);
    }

    /// <summary>Counts working days the plain way: weekdays, minus holidays, plus adjusted weekend working days.</summary>
    private static int WorkingDaysIn(int year, IEnumerable<CalendarDay> days)
    {
        var kinds = days.Where(d => d.Date.Year == year).ToDictionary(d => d.Date, d => d.Kind);
        var count = 0;
        for (var date = new DateOnly(year, 1, 1); date.Year == year; date = date.AddDays(1))
        {
            var working = kinds.TryGetValue(date, out var kind)
                ? kind == CalendarDayKind.Workday
                : date.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday);
            count += working ? 1 : 0;
        }

        return count;
    }

    private static StringContent Csv(string text) => new(text, Encoding.UTF8, "text/csv");

    private sealed record AnswerBody(DateTimeOffset From, DateTimeOffset? Deadline, double? WorkingHours, bool CalendarCoversPeriod);

    private sealed record YearBody(int Year, bool IsImported, int WorkingDays, List<YearDayBody> Exceptions, List<string> Periods);

    private sealed record YearDayBody(DateOnly Date, string Kind, string Name);

    private sealed record SummaryBody(List<int> Years, int Added, int Changed, int Removed);
}
