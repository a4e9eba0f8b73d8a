using Fengqiao.Cases.Categories;
using Fengqiao.Cases.Deadlines;
using Fengqiao.Cases.Domain;
using Fengqiao.Cases.Intake;
using Fengqiao.Kernel.Calendar;
using Fengqiao.Kernel.Time;
using Fengqiao.Kernel.Units;

namespace Fengqiao.Tests.Cases;

/// <summary>The small rules of the events module, without a database.</summary>
public sealed class CaseRulesTests
{
    private static readonly WorkingCalendar Calendar = WorkingCalendar.FromOptions(new WorkingTimeOptions(), StatutoryHolidaySeed.Days());

    [Fact]
    public void Four_working_hours_reported_on_friday_afternoon_run_out_on_monday_morning()
    {
        // Friday 2026-11-27 15:30 in 宜兴; with the default 8:30–12:00 and 13:30–17:30 day, 2 h are left on Friday.
        var clock = new StageClock(Calendar, new DeadlineOptions(), ChinaTime.At(new DateOnly(2026, 11, 27), new TimeOnly(15, 30)));

        var window = clock.Window(clock.Now, new TimeLimit(4, TimeLimitUnit.WorkingHours));

        Assert.Equal(ChinaTime.At(new DateOnly(2026, 11, 30), new TimeOnly(10, 30)), window.Due);
        Assert.True(window.DueSoon < window.Due && window.DueSoon > clock.Now);
    }

    [Fact]
    public void Calendar_hours_of_an_emergency_run_through_the_night()
    {
        var clock = new StageClock(Calendar, new DeadlineOptions(), ChinaTime.At(new DateOnly(2026, 11, 28), new TimeOnly(22, 0)));

        var window = clock.Window(clock.Now, new TimeLimit(2, TimeLimitUnit.CalendarHours));

        Assert.Equal(clock.Now.AddHours(2), window.Due);
        Assert.Equal(clock.Now.AddMinutes(96), window.DueSoon);
    }

    [Theory]
    [InlineData("k7m3-q9txa2", "K7M3Q9TXA2")]
    [InlineData("K7M3 Q9TX A2", "K7M3Q9TXA2")]
    [InlineData("o1il0abcde", "0111" + "0ABCDE")]
    [InlineData("K7M3Q9TXU2", null)]
    [InlineData("short", null)]
    [InlineData("", null)]
    public void Tracking_codes_read_the_way_people_type_them(string typed, string? expected) =>
        Assert.Equal(expected, TrackingCodes.Normalise(typed));

    [Fact]
    public void New_tracking_codes_are_ten_unambiguous_characters_and_do_not_repeat()
    {
        var codes = Enumerable.Range(0, 10_000).Select(_ => TrackingCodes.New()).ToList();

        Assert.All(codes, code => Assert.Equal(code, TrackingCodes.Normalise(code)));
        Assert.Equal(codes.Count, codes.Distinct().Count());
    }

    [Fact]
    public void Screening_masks_identity_and_phone_numbers_and_names_sensitive_words()
    {
        var screened = TextScreening.Screen("我叫李明，手机13812345678，座机0510-87654321，身份证320282198001010013，再不解决就去上访。", ["上访"]);

        Assert.Equal("我叫李明，手机138****5678，座机0510-****21，身份证3202**********0013，再不解决就去上访。", screened.PublicText);
        Assert.True(screened.HadPersonalData);
        Assert.Equal(["上访"], screened.SensitiveWords);
    }

    [Fact]
    public void The_lowest_common_ancestor_of_two_communities_is_their_street()
    {
        Assert.Equal("/32/3202/320282/320282001/", UnitPaths.LowestCommonAncestor(["/32/3202/320282/320282001/320282001001/", "/32/3202/320282/320282001/320282001002/"]));
        Assert.Equal("320282001", UnitPaths.CodeAt("/32/3202/320282/320282001/320282001001/", UnitLevel.Street));
        Assert.Null(UnitPaths.CodeAt("/32/3202/320282/320282001/320282001001/", UnitLevel.Grid));
    }

    [Fact]
    public void Similar_texts_about_one_manhole_are_closer_than_texts_about_different_things()
    {
        var same = DuplicateFinder.Similarity("人民南路88号门口窨井盖缺失，晚上很危险。", "人民南路88号门口的窨井盖缺失了，太危险。");
        var different = DuplicateFinder.Similarity("人民南路88号门口窨井盖缺失，晚上很危险。", "小区广场舞音乐声音太大，影响休息。");

        Assert.True(same > 0.4, same.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.True(different < 0.1, different.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }
}
