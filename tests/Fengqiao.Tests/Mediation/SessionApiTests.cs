using System.Net;
using System.Net.Http.Json;
using Fengqiao.Mediation.Sessions;
using Fengqiao.Testing;
using Fengqiao.Tests.Cases;
using static Fengqiao.Tests.Mediation.DisputeApiTests;

namespace Fengqiao.Tests.Mediation;

/// <summary>
/// Sittings of a case: two sessions with minutes and attendance, no mediator booked twice (across cases and
/// committees), the one-month period extended only on approval and by at most a month.
/// </summary>
public sealed class SessionApiTests(FengqiaoApp app) : IClassFixture<FengqiaoApp>
{
    [Fact]
    public async Task A_dispute_goes_through_two_sessions_with_minutes_and_attendance_to_an_agreement()
    {
        var client = await app.ClientForAsync("mediator");
        var dispute = await IntakeAsync(client, await CommunityCommitteeAsync(client), Neighbours("卞志强", "祝海燕", "车位被长期占用"));
        var start = Slot(9);

        var first = await Created<SessionBody>(await client.PostAsJsonAsync($"{Url}/{dispute.Id}/sessions", new { startsAt = start, endsAt = start.AddHours(2), place = "茶东社区调解室" }));
        var recordedFirst = await client.PostAsJsonAsync($"{Url}/{dispute.Id}/sessions/{first.Id}/record", new
        {
            minutes = "调解员孙明德主持。申请人陈述车位自 2026 年 8 月起被被申请人占用；被申请人称车位系物业临时分配。双方同意核实物业记录后再议。",
            outcome = "Adjourned",
            attendance = dispute.Parties.Select(p => new { partyId = p.Id, present = p.Role == "Applicant" }),
        });
        var second = await Created<SessionBody>(await client.PostAsJsonAsync($"{Url}/{dispute.Id}/sessions", new { startsAt = start.AddDays(7), endsAt = start.AddDays(7).AddHours(2), place = "茶东社区调解室" }));
        var recordedSecond = await client.PostAsJsonAsync($"{Url}/{dispute.Id}/sessions/{second.Id}/record", new
        {
            minutes = "经核实物业记录，车位属申请人。被申请人同意于 2026 年 12 月 31 日前腾退车位并赔礼道歉。",
            outcome = "AgreementReached",
            attendance = dispute.Parties.Select(p => new { partyId = p.Id, present = true }),
        });
        var again = await client.PostAsJsonAsync($"{Url}/{dispute.Id}/sessions/{second.Id}/record", new { minutes = "重复记录", outcome = "Adjourned" });

        Assert.Equal(HttpStatusCode.OK, recordedFirst.StatusCode);
        Assert.Equal(HttpStatusCode.OK, recordedSecond.StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, again.StatusCode);
        var sessions = (await client.GetFromJsonAsync<List<SessionBody>>($"{Url}/{dispute.Id}/sessions", CaseFixtures.Json))!;
        Assert.Equal([1, 2], sessions.Select(s => s.Sequence));
        Assert.All(sessions, s => Assert.Equal(["孙明德"], s.Mediators));
        Assert.Equal((SessionOutcome.Adjourned, 1), (sessions[0].Outcome, sessions[0].Attendance.Count(a => a.Present)));
        Assert.Equal((SessionOutcome.AgreementReached, 2), (sessions[1].Outcome, sessions[1].Attendance.Count(a => a.Present)));
        Assert.Contains("腾退车位", sessions[1].Minutes, StringComparison.Ordinal);
        var detail = await client.GetFromJsonAsync<DetailBody>($"{Url}/{dispute.Id}");
        Assert.Equal("InMediation", detail!.Status);
    }

    [Fact]
    public async Task A_mediator_is_not_booked_into_two_sittings_at_once_even_for_another_committee()
    {
        var client = await app.ClientForAsync("mediator");
        var street = await app.ClientForAsync("street");
        var ours = await IntakeAsync(client, await CommunityCommitteeAsync(client), Neighbours("房国栋", "龚雪梅", "宠物狗夜间吠叫"));
        var streetCommittee = (await street.GetFromJsonAsync<List<CommitteeApiTests.SummaryBody>>("/api/v1/mediation/committees?unit=320282001"))!
            .Single(c => c.Name == Fengqiao.Mediation.Committees.DemoCommittees.StreetCommitteeName).Id;
        var theirs = await IntakeAsync(street, streetCommittee, Neighbours("项建明", "詹丽萍", "违章搭建遮挡"));
        Assert.Equal(HttpStatusCode.Created, (await street.PostAsJsonAsync($"{Url}/{theirs.Id}/mediators", new { userName = "mediator" })).StatusCode);
        var start = Slot(14);

        var booked = await client.PostAsJsonAsync($"{Url}/{ours.Id}/sessions", new { startsAt = start, endsAt = start.AddHours(2), place = "茶东社区调解室" });
        var overlapping = await street.PostAsJsonAsync($"{Url}/{theirs.Id}/sessions", new { startsAt = start.AddHours(1), endsAt = start.AddHours(3), place = "宜城街道综治中心", mediators = new[] { "mediator" } });
        var adjacent = await street.PostAsJsonAsync($"{Url}/{theirs.Id}/sessions", new { startsAt = start.AddHours(2), endsAt = start.AddHours(3), place = "宜城街道综治中心", mediators = new[] { "mediator" } });
        var bad = await client.PostAsJsonAsync($"{Url}/{ours.Id}/sessions", new { startsAt = start, endsAt = start.AddHours(-1), place = "茶东社区调解室" });

        Assert.Equal(HttpStatusCode.Created, booked.StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, overlapping.StatusCode);
        var refusal = await overlapping.Content.ReadAsStringAsync();
        Assert.Contains(nameof(MediatorIsNotBookedTwice), refusal);
        Assert.Contains(ours.Number, refusal);
        Assert.Equal(HttpStatusCode.Created, adjacent.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);

        var first = (await booked.Content.ReadFromJsonAsync<SessionBody>(CaseFixtures.Json))!;
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync($"{Url}/{ours.Id}/sessions/{first.Id}/cancel", null)).StatusCode);
        var afterCancel = await street.PostAsJsonAsync($"{Url}/{theirs.Id}/sessions", new { startsAt = start, endsAt = start.AddHours(1), place = "宜城街道综治中心", mediators = new[] { "mediator" } });
        Assert.Equal(HttpStatusCode.Created, afterCancel.StatusCode);
    }

    [Fact]
    public async Task Two_bookings_of_one_mediator_for_the_same_hour_made_at_the_same_moment_leave_exactly_one_sitting()
    {
        var client = await app.ClientForAsync("mediator");
        var street = await app.ClientForAsync("street");
        var ours = await IntakeAsync(client, await CommunityCommitteeAsync(client), Neighbours("俞德明", "蒋秀兰", "楼顶平台堆放杂物"));
        var streetCommittee = (await street.GetFromJsonAsync<List<CommitteeApiTests.SummaryBody>>("/api/v1/mediation/committees?unit=320282001"))!
            .Single(c => c.Name == Fengqiao.Mediation.Committees.DemoCommittees.StreetCommitteeName).Id;
        var theirs = await IntakeAsync(street, streetCommittee, Neighbours("裘国庆", "包玉珍", "共用楼道灯电费分摊"));
        Assert.Equal(HttpStatusCode.Created, (await street.PostAsJsonAsync($"{Url}/{theirs.Id}/mediators", new { userName = "mediator" })).StatusCode);

        // Several rounds, each racing the two committees for the mediator's same hour.
        for (var round = 0; round < 4; round++)
        {
            var start = Slot(10);
            var results = await Task.WhenAll(
                client.PostAsJsonAsync($"{Url}/{ours.Id}/sessions", new { startsAt = start, endsAt = start.AddHours(2), place = "茶东社区调解室" }),
                street.PostAsJsonAsync($"{Url}/{theirs.Id}/sessions", new { startsAt = start.AddMinutes(30), endsAt = start.AddHours(2), place = "宜城街道综治中心", mediators = new[] { "mediator" } }));

            var statuses = results.Select(r => r.StatusCode).Order().ToList();
            var bodies = string.Join("\n", await Task.WhenAll(results.Select(r => r.Content.ReadAsStringAsync())));
            Assert.True(statuses.SequenceEqual([HttpStatusCode.Created, HttpStatusCode.UnprocessableEntity]), bodies);
            Assert.Contains(nameof(MediatorIsNotBookedTwice), await results.Single(r => r.StatusCode != HttpStatusCode.Created).Content.ReadAsStringAsync());
        }
    }

    [Fact]
    public async Task Parties_told_of_a_sitting_are_recorded_once_each_and_only_while_it_is_still_to_be_held()
    {
        var client = await app.ClientForAsync("mediator");
        var dispute = await IntakeAsync(client, await CommunityCommitteeAsync(client), Neighbours("殷志刚", "卓美华", "楼道电动车充电"));
        var start = Slot(9);
        var session = await Created<SessionBody>(await client.PostAsJsonAsync($"{Url}/{dispute.Id}/sessions", new { startsAt = start, endsAt = start.AddHours(1), place = "茶东社区调解室" }));
        var notices = $"{Url}/{dispute.Id}/sessions/{session.Id}/notices";
        var applicant = dispute.Parties.Single(p => p.Role == "Applicant");

        var before = (await client.GetFromJsonAsync<List<NoticeBody>>(notices, CaseFixtures.Json))!;
        var told = await client.PostAsJsonAsync(notices, new { partyId = applicant.Id, way = "Phone" });
        var again = await client.PostAsJsonAsync(notices, new { partyId = applicant.Id, way = "InPerson" });
        var noWay = await client.PostAsJsonAsync(notices, new { partyId = applicant.Id });
        var stranger = await client.PostAsJsonAsync(notices, new { partyId = Guid.NewGuid(), way = "Written" });
        var resident = await (await app.ClientForAsync("resident")).PostAsJsonAsync(notices, new { partyId = applicant.Id, way = "Phone" });

        Assert.Equal(2, before.Count);
        Assert.All(before, n => Assert.Null(n.Way));
        Assert.Equal(HttpStatusCode.OK, told.StatusCode);
        var after = (await told.Content.ReadFromJsonAsync<List<NoticeBody>>(CaseFixtures.Json))!;
        Assert.Equal(NoticeWay.Phone, after.Single(n => n.PartyId == applicant.Id).Way);
        Assert.Null(after.Single(n => n.PartyId != applicant.Id).Way);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, noWay.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, stranger.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, resident.StatusCode);

        // Once the sitting is held, no more notices: the rule is named.
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync($"{Url}/{dispute.Id}/sessions/{session.Id}/record", new { minutes = "双方到场陈述。", outcome = "Adjourned" })).StatusCode);
        var late = await client.PostAsJsonAsync(notices, new { partyId = dispute.Parties.Single(p => p.Role == "Respondent").Id, way = "Phone" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, late.StatusCode);
        Assert.Contains(nameof(SessionIsStillScheduled), await late.Content.ReadAsStringAsync());
        var stored = (await client.GetFromJsonAsync<List<NoticeBody>>(notices, CaseFixtures.Json))!;
        Assert.Single(stored, n => n.Way is not null);
    }

    [Fact]
    public async Task The_one_month_period_is_extended_only_on_approval_and_by_at_most_a_month()
    {
        var mediator = await app.ClientForAsync("mediator");
        var community = await app.ClientForAsync("community");
        var dispute = await IntakeAsync(mediator, await CommunityCommitteeAsync(mediator), Neighbours("籍广林", "庞翠英", "宅前屋后排水"));
        var period = await mediator.GetFromJsonAsync<PeriodBody>($"{Url}/{dispute.Id}/period");

        var bySelf = await mediator.PostAsJsonAsync($"{Url}/{dispute.Id}/extension", new { until = period!.DueOn.AddDays(10), reason = "需等待鉴定结果" });
        var tooLong = await community.PostAsJsonAsync($"{Url}/{dispute.Id}/extension", new { until = period.DueOn.AddMonths(1).AddDays(1), reason = "需等待鉴定结果" });
        var noReason = await community.PostAsJsonAsync($"{Url}/{dispute.Id}/extension", new { until = period.DueOn.AddDays(10) });
        var approved = await community.PostAsJsonAsync($"{Url}/{dispute.Id}/extension", new { until = period.DueOn.AddDays(10), reason = "需等待房屋渗漏鉴定结果" });

        Assert.Equal(period.AcceptedOn.AddMonths(1), period.DueOn);
        Assert.False(period.IsOverdue);
        Assert.Equal(HttpStatusCode.Forbidden, bySelf.StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, tooLong.StatusCode);
        Assert.Contains(nameof(ExtensionIsWithinAMonth), await tooLong.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        Assert.Equal(HttpStatusCode.OK, approved.StatusCode);
        var after = await mediator.GetFromJsonAsync<PeriodBody>($"{Url}/{dispute.Id}/period");
        Assert.Equal((period.DueOn.AddDays(10), 1, "需等待房屋渗漏鉴定结果"), (after!.DueOn, after.Extensions, after.ExtensionReason));
    }

    private static int _slots;

    /// <summary>
    /// A whole hour in a fortnight of its own, a month or more ahead, in Shanghai time: every call gets a different
    /// fortnight, so no two sittings of these tests (a second sitting a week later included) ever share a day by accident
    /// (random days did, now and then: two rounds of the booking race drew the same day and both were refused).
    /// </summary>
    private static DateTimeOffset Slot(int hour)
    {
        var day = DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(8)).Date.AddDays(30 + (14 * Interlocked.Increment(ref _slots)));
        return new DateTimeOffset(day.AddHours(hour), TimeSpan.FromHours(8));
    }

    internal sealed record AttendanceBody(Guid PartyId, bool Present);

    internal sealed record NoticeBody(Guid PartyId, string Role, string PartyName, NoticeWay? Way, DateTimeOffset? NotifiedAt, string? RecordedByName);

    internal sealed record SessionBody(Guid Id, int Sequence, DateTimeOffset StartsAt, DateTimeOffset EndsAt, string Place, SessionStatus Status, List<string> Mediators, string? Minutes, SessionOutcome? Outcome, List<AttendanceBody> Attendance);

    internal sealed record PeriodBody(DateOnly AcceptedOn, DateOnly DueOn, int Extensions, string? ExtensionReason, bool IsOverdue);
}
