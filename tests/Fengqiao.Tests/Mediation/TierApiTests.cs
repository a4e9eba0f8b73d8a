using System.Net;
using System.Net.Http.Json;
using Fengqiao.Mediation.Committees;
using Fengqiao.Mediation.Disputes;
using Fengqiao.Mediation.Tiers;
using Fengqiao.Testing;
using Fengqiao.Tests.Cases;
using Microsoft.EntityFrameworkCore;
using static Fengqiao.Tests.Mediation.DisputeApiTests;

namespace Fengqiao.Tests.Mediation;

/// <summary>
/// Tiers of a mediation case: the lowest tier able to handle it at intake (小事不出村), escalation to an upper-tier
/// committee with a reason, coordination of a cross-community dispute by the communities' common upper tier, referral
/// out; each step in the tier history; bad requests refused and nothing written.
/// </summary>
public sealed class TierApiTests(FengqiaoApp app) : IClassFixture<FengqiaoApp>
{
    private const string Grid = "320282001001001";

    [Fact]
    public async Task A_community_case_is_escalated_to_the_street_committee_with_its_reason_and_history()
    {
        var mediator = await app.ClientForAsync("mediator");
        var community = await app.ClientForAsync("community");
        var dispute = await IntakeAsync(mediator, await CommunityCommitteeAsync(mediator), Neighbours("葛兴华", "蒋秀琴", "违建阳光房遮挡采光"));
        var before = await mediator.GetFromJsonAsync<StateBody>(Tier(dispute.Id), CaseFixtures.Json);
        var street = before!.UpperCommittees.First(c => c.Name == DemoCommittees.StreetCommitteeName);

        var escalated = await mediator.PostAsJsonAsync($"{Tier(dispute.Id)}/escalate", new { committeeId = street.Id, reason = "双方分歧大，涉及规划部门认定，社区调解两次未果" });

        Assert.Equal(HttpStatusCode.OK, escalated.StatusCode);
        var state = (await escalated.Content.ReadFromJsonAsync<StateBody>(CaseFixtures.Json))!;
        Assert.Equal((street.Id, MediationTier.TownshipOrStreet), (state.CommitteeId, state.Tier));
        Assert.Equal([TierStepKind.Intake, TierStepKind.Escalation], state.Steps.Select(s => s.Kind));
        var step = state.Steps[1];
        Assert.Equal((DemoCommittees.CommunityCommitteeName, MediationTier.VillageOrCommunity, DemoCommittees.StreetCommitteeName, MediationTier.TownshipOrStreet, "孙明德"),
            (step.FromName, step.FromTier, step.ToName, step.ToTier, step.ByName));
        Assert.Contains("社区调解两次未果", step.Reason, StringComparison.Ordinal);
        // The mediator serves in both committees and stays assigned; the street now holds the case and the community's
        // accounts (jurisdiction 茶东社区) have handed it up.
        var streetClient = await app.ClientForAsync("street");
        Assert.Equal(["孙明德"], (await streetClient.GetFromJsonAsync<DetailBody>($"{Url}/{dispute.Id}"))!.Mediators.Select(m => m.Name));
        Assert.Equal(HttpStatusCode.NotFound, (await community.GetAsync($"{Url}/{dispute.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await mediator.GetAsync($"{Url}/{dispute.Id}")).StatusCode);
        Assert.Equal("320282001", await app.WithDbAsync(db => db.Set<MediationCase>().Where(c => c.Id == dispute.Id).Select(c => c.UnitCode).SingleAsync()));
        Assert.True(await app.WithDbAsync(db => db.AuditEntries.AnyAsync(a => a.Action == ManageTiers.EscalateAction && a.Target == $"mediation-case:{dispute.Id}")));
    }

    [Fact]
    public async Task Escalation_is_refused_downwards_outside_reach_without_a_reason_and_on_a_closed_case()
    {
        var admin = await app.ClientForAsync("admin");
        var streetClient = await app.ClientForAsync("street");
        var mediator = await app.ClientForAsync("mediator");
        var communityCommittee = await CommunityCommitteeAsync(mediator);
        var otherStreet = await ConstitutedCommitteeAsync(admin, "Street", "屺亭街道人民调解委员会", "320282002");
        var streetCommittee = (await streetClient.GetFromJsonAsync<List<CommitteeApiTests.SummaryBody>>("/api/v1/mediation/committees?unit=320282001"))!
            .Single(c => c.Name == DemoCommittees.StreetCommitteeName).Id;
        var atStreet = await IntakeAsync(streetClient, streetCommittee, Neighbours("华建平", "邵美芳", "楼道堆放杂物"));
        var atCommunity = await IntakeAsync(mediator, communityCommittee, Neighbours("毛振宇", "童小红", "空调外机噪声"));
        var closed = await IntakeAsync(mediator, communityCommittee, Neighbours("康立新", "贺晓梅", "共有墙体开裂"));
        Assert.Equal(HttpStatusCode.OK, (await mediator.PostAsJsonAsync($"{Tier(closed.Id)}/refer-out", new { target = "Litigation", targetName = "宜兴市人民法院", reason = "一方坚持起诉" })).StatusCode);
        var steps = await StepCountAsync();

        var downwards = await streetClient.PostAsJsonAsync($"{Tier(atStreet.Id)}/escalate", new { committeeId = communityCommittee, reason = "交由社区就地化解" });
        var anotherStreet = await mediator.PostAsJsonAsync($"{Tier(atCommunity.Id)}/escalate", new { committeeId = otherStreet, reason = "请屺亭街道协助" });
        var noReason = await mediator.PostAsJsonAsync($"{Tier(atCommunity.Id)}/escalate", new { committeeId = streetCommittee, reason = "  " });
        var onClosed = await mediator.PostAsJsonAsync($"{Tier(closed.Id)}/escalate", new { committeeId = streetCommittee, reason = "当事人要求街道调解" });
        var unknown = await mediator.PostAsJsonAsync($"{Tier(atCommunity.Id)}/escalate", new { committeeId = Guid.NewGuid(), reason = "当事人要求街道调解" });
        var notOurs = await (await app.ClientForAsync("community")).PostAsJsonAsync($"{Tier(atStreet.Id)}/escalate", new { committeeId = otherStreet, reason = "越权提级" });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, downwards.StatusCode);
        Assert.Contains(nameof(EscalationGoesToAnUpperTier), await downwards.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, anotherStreet.StatusCode);
        Assert.Contains(nameof(EscalationGoesToAnUpperTier), await anotherStreet.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        Assert.Contains("reason", await noReason.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, onClosed.StatusCode);
        Assert.Contains(nameof(OnlyOpenCasesChange), await onClosed.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, notOurs.StatusCode);
        Assert.Equal(steps, await StepCountAsync());
        Assert.Equal(MediationTier.VillageOrCommunity, (await mediator.GetFromJsonAsync<StateBody>(Tier(atCommunity.Id), CaseFixtures.Json))!.Tier);
    }

    [Fact]
    public async Task A_street_committee_taking_a_dispute_from_a_community_with_its_own_committee_must_say_why()
    {
        var street = await app.ClientForAsync("street");
        var committee = (await street.GetFromJsonAsync<List<CommitteeApiTests.SummaryBody>>("/api/v1/mediation/committees?unit=320282001"))!
            .Single(c => c.Name == DemoCommittees.StreetCommitteeName).Id;
        var (lon, lat) = await CaseFixtures.PointInAsync(app, Grid);
        Dictionary<string, object?> Located(string applicant, string? reason)
        {
            var body = Body(committee, Neighbours(applicant, "严桂珍", "下水管道堵塞互相推诿"));
            (body["longitude"], body["latitude"], body["tierReason"]) = (lon, lat, reason);
            return body;
        }

        var cases = await app.WithDbAsync(db => db.Set<MediationCase>().CountAsync());
        var refused = await street.PostAsJsonAsync(Url, Located("吕国庆", null));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        var problem = await refused.Content.ReadAsStringAsync();
        Assert.Contains(nameof(CaseStartsAtTheLowestTierAbleToHandleIt), problem);
        Assert.Contains(DemoCommittees.CommunityCommitteeName, problem);
        Assert.Equal(cases, await app.WithDbAsync(db => db.Set<MediationCase>().CountAsync()));

        var accepted = await Created<DetailBody>(await street.PostAsJsonAsync(Url, Located("吕国庆", "涉及 30 余户居民的群体性纠纷，社区已上报街道")));
        var state = await street.GetFromJsonAsync<StateBody>(Tier(accepted.Id), CaseFixtures.Json);
        var intake = Assert.Single(state!.Steps);
        Assert.Equal((TierStepKind.Intake, DemoCommittees.StreetCommitteeName, "涉及 30 余户居民的群体性纠纷，社区已上报街道"), (intake.Kind, intake.ToName, intake.Reason));
    }

    [Fact]
    public async Task A_dispute_across_two_communities_is_coordinated_by_their_common_upper_tier()
    {
        var mediator = await app.ClientForAsync("mediator");
        var dispute = await IntakeAsync(mediator, await CommunityCommitteeAsync(mediator), Neighbours("祁永康", "牛丽娟", "两社区交界处排污渠堵塞"));
        var steps = await StepCountAsync();

        var aStreet = await mediator.PostAsJsonAsync($"{Tier(dispute.Id)}/coordinate", new { communityCodes = new[] { "320282001" }, reason = "跨社区" });
        var onlyOurs = await mediator.PostAsJsonAsync($"{Tier(dispute.Id)}/coordinate", new { communityCodes = new[] { "320282001001" }, reason = "跨社区" });
        var noReason = await mediator.PostAsJsonAsync($"{Tier(dispute.Id)}/coordinate", new { communityCodes = new[] { "320282001002" } });
        Assert.Equal(HttpStatusCode.BadRequest, aStreet.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, onlyOurs.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        Assert.Equal(steps, await StepCountAsync());

        var coordinated = await mediator.PostAsJsonAsync($"{Tier(dispute.Id)}/coordinate", new { communityCodes = new[] { "320282001002" }, reason = "排污渠位于茶东、荆东两社区交界，双方居民均受影响" });

        Assert.Equal(HttpStatusCode.OK, coordinated.StatusCode);
        var state = (await coordinated.Content.ReadFromJsonAsync<StateBody>(CaseFixtures.Json))!;
        Assert.Equal((DemoCommittees.StreetCommitteeName, MediationTier.TownshipOrStreet), (state.CommitteeName, state.Tier));
        var step = state.Steps.Last();
        Assert.Equal(TierStepKind.Coordination, step.Kind);
        Assert.Equal(["320282001001", "320282001002"], step.Communities.Order());
        var again = await (await app.ClientForAsync("street")).PostAsJsonAsync($"{Tier(dispute.Id)}/coordinate", new { communityCodes = new[] { "320282001001", "320282001002" }, reason = "再次协调" });
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
    }

    [Fact]
    public async Task Referral_out_closes_the_case_as_referred_out_with_the_named_target()
    {
        var mediator = await app.ClientForAsync("mediator");
        var dispute = await IntakeAsync(mediator, await CommunityCommitteeAsync(mediator), Labour("任家豪", "拖欠加班费"));
        var steps = await StepCountAsync();

        var noTarget = await mediator.PostAsJsonAsync($"{Tier(dispute.Id)}/refer-out", new { targetName = "宜兴市劳动人事争议仲裁院", reason = "申请人要求仲裁" });
        var noName = await mediator.PostAsJsonAsync($"{Tier(dispute.Id)}/refer-out", new { target = "Arbitration", reason = "申请人要求仲裁" });
        Assert.Equal(HttpStatusCode.BadRequest, noTarget.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, noName.StatusCode);
        Assert.Equal(steps, await StepCountAsync());

        var referred = await mediator.PostAsJsonAsync($"{Tier(dispute.Id)}/refer-out", new { target = "Arbitration", targetName = "宜兴市劳动人事争议仲裁院", reason = "公司拒绝调解，申请人要求劳动仲裁" });
        var twice = await mediator.PostAsJsonAsync($"{Tier(dispute.Id)}/refer-out", new { target = "Litigation", targetName = "宜兴市人民法院", reason = "再转" });

        Assert.Equal(HttpStatusCode.OK, referred.StatusCode);
        var state = (await referred.Content.ReadFromJsonAsync<StateBody>(CaseFixtures.Json))!;
        Assert.False(state.IsOpen);
        var step = state.Steps.Last();
        Assert.Equal((TierStepKind.ReferralOut, ReferralTarget.Arbitration, "宜兴市劳动人事争议仲裁院"), (step.Kind, step.Target, step.ToName));
        var detail = await mediator.GetFromJsonAsync<DetailBody>($"{Url}/{dispute.Id}");
        Assert.Equal("ReferredOut", detail!.Status);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, twice.StatusCode);
        var closedOn = await app.WithDbAsync(db => db.Set<MediationCase>().Where(c => c.Id == dispute.Id).Select(c => c.ClosedOn).SingleAsync());
        Assert.NotNull(closedOn);
    }

    internal static string Tier(Guid id) => $"{Url}/{id}/tier";

    private Task<int> StepCountAsync() => app.WithDbAsync(db => db.Set<TierStep>().CountAsync());

    internal sealed record StepBody(
        Guid Id, TierStepKind Kind, string? FromName, MediationTier? FromTier, string ToName, MediationTier? ToTier, ReferralTarget? Target, string Reason,
        List<string> Communities, string ByName, DateTimeOffset At);

    internal sealed record UpperBody(Guid Id, string Name, MediationTier Tier);

    internal sealed record StateBody(
        Guid CaseId, string Number, Guid CommitteeId, string CommitteeName, MediationTier Tier, bool IsOpen, string Status, long Version, List<StepBody> Steps,
        List<UpperBody> UpperCommittees);
}
