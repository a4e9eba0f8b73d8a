using Fengqiao.Kernel.Errors;
using Fengqiao.Kernel.Privacy;
using Fengqiao.Kernel.Units;
using Fengqiao.Mediation.Committees;
using Fengqiao.Mediation.Disputes;

namespace Fengqiao.Tests.Mediation;

/// <summary>Art. 9 of the People's Mediation Law on a committee: 3–9 members, at least one woman, one chair.</summary>
public sealed class CommitteeRulesTests
{
    private static readonly DateOnly Today = new(2026, 11, 26);
    private static readonly DateOnly Since = new(2026, 1, 1);

    [Fact]
    public void A_committee_of_two_cannot_be_constituted_and_the_message_names_the_law()
    {
        var committee = Residents();
        committee.AddMember(null, "张国华", Gender.Male, CommitteeRole.Chair, [], null, null, Since, Today);
        committee.AddMember(null, "王秀英", Gender.Female, CommitteeRole.Member, [], null, null, Since, Today);
        committee.AddMember(null, "刘桂芳", Gender.Female, CommitteeRole.Mediator, [], null, null, Since, Today);

        var refused = Assert.Throws<BusinessRuleViolationException>(() => committee.Constitute(Today, Today));

        Assert.IsType<CommitteeHasThreeToNineMembers>(refused.Rule);
        Assert.Contains("《人民调解法》第九条", refused.Message);
        Assert.Contains("现有委员 2 人", refused.Message);
        Assert.False(committee.IsConstituted);
    }

    [Fact]
    public void A_committee_without_a_woman_cannot_be_constituted()
    {
        var committee = Residents();
        committee.AddMember(null, "张国华", Gender.Male, CommitteeRole.Chair, [], null, null, Since, Today);
        committee.AddMember(null, "陈建军", Gender.Male, CommitteeRole.Member, [], null, null, Since, Today);
        committee.AddMember(null, "吴建平", Gender.Male, CommitteeRole.ViceChair, [], null, null, Since, Today);
        // A woman engaged as a mediator is not a committee member (Art. 13 vs Art. 9).
        committee.AddMember(null, "刘桂芳", Gender.Female, CommitteeRole.Mediator, [], null, null, Since, Today);

        var refused = Assert.Throws<BusinessRuleViolationException>(() => committee.Constitute(Today, Today));

        Assert.IsType<CommitteeIncludesAWoman>(refused.Rule);
        Assert.Contains("应当有妇女成员", refused.Message);
    }

    [Fact]
    public void A_committee_needs_exactly_one_chair()
    {
        var committee = Residents();
        committee.AddMember(null, "王秀英", Gender.Female, CommitteeRole.Member, [], null, null, Since, Today);
        committee.AddMember(null, "陈建军", Gender.Male, CommitteeRole.Member, [], null, null, Since, Today);
        committee.AddMember(null, "吴建平", Gender.Male, CommitteeRole.ViceChair, [], null, null, Since, Today);

        var noChair = Assert.Throws<BusinessRuleViolationException>(() => committee.Constitute(Today, Today));
        committee.AddMember(null, "张国华", Gender.Male, CommitteeRole.Chair, [], null, null, Since, Today);
        var secondChair = Assert.Throws<BusinessRuleViolationException>(() => committee.AddMember(null, "李强", Gender.Male, CommitteeRole.Chair, [], null, null, Since, Today));

        Assert.IsType<CommitteeHasOneChair>(noChair.Rule);
        Assert.IsType<CommitteeHasOneChair>(secondChair.Rule);
        committee.Constitute(Today, Today);
        Assert.True(committee.IsConstituted);
    }

    [Fact]
    public void Once_constituted_a_committee_cannot_grow_past_nine_nor_shrink_below_three_nor_lose_its_last_woman()
    {
        var committee = Residents();
        var chair = committee.AddMember(null, "张国华", Gender.Male, CommitteeRole.Chair, [], null, null, Since, Today);
        var woman = committee.AddMember(null, "王秀英", Gender.Female, CommitteeRole.Member, [], null, null, Since, Today);
        var third = committee.AddMember(null, "陈建军", Gender.Male, CommitteeRole.Member, [], null, null, Since, Today);
        committee.Constitute(Today, Today);

        var shrink = Assert.Throws<BusinessRuleViolationException>(() => committee.EndMember(third.Id, Today, Today));
        committee.AddMember(null, "吴建平", Gender.Male, CommitteeRole.Member, [], null, null, Since, Today);
        var loseWoman = Assert.Throws<BusinessRuleViolationException>(() => committee.EndMember(woman.Id, Today, Today));
        for (var i = 0; i < 5; i++)
        {
            committee.AddMember(null, $"委员{i}", Gender.Male, CommitteeRole.Member, [], null, null, Since, Today);
        }

        var tenth = Assert.Throws<BusinessRuleViolationException>(() => committee.AddMember(null, "第十人", Gender.Female, CommitteeRole.Member, [], null, null, Since, Today));
        var mediator = committee.AddMember(null, "刘桂芳", Gender.Female, CommitteeRole.Mediator, [DisputeType.MarriageAndFamily], null, null, Since, Today);

        Assert.IsType<CommitteeHasThreeToNineMembers>(shrink.Rule);
        Assert.IsType<CommitteeIncludesAWoman>(loseWoman.Rule);
        Assert.IsType<CommitteeHasThreeToNineMembers>(tenth.Rule);
        Assert.Contains("将有委员 10 人", tenth.Message);
        Assert.Equal(9, committee.Members.Count(m => m.Role.IsCommitteeSeat() && m.IsCurrent(Today)));
        Assert.Equal([DisputeType.MarriageAndFamily], mediator.ExpertiseList);
        Assert.Null(chair.To);
    }

    [Fact]
    public void The_county_centre_works_from_registration_and_alone_has_windows()
    {
        var county = new AdministrativeUnit("320282", "宜兴市", UnitLevel.County, null);
        var centre = new Committee(CommitteeKind.CountyCentre, "宜兴市社会矛盾纠纷调处化解中心", null, county.Id, county.Code, county.Path, null, null, DateTimeOffset.UtcNow);
        var committee = Residents();

        centre.AddWindow("劳动仲裁窗口", "宜兴市劳动人事争议仲裁院");
        var refused = Assert.Throws<BusinessRuleViolationException>(() => committee.AddWindow("信访接待窗口", "宜兴市信访局"));

        Assert.True(centre.IsConstituted);
        Assert.Single(centre.Windows);
        Assert.IsType<WindowsBelongToTheCountyCentre>(refused.Rule);
    }

    [Theory]
    [InlineData(CommitteeKind.Residents, UnitLevel.Community, false)]
    [InlineData(CommitteeKind.Residents, UnitLevel.Street, true)]
    [InlineData(CommitteeKind.Street, UnitLevel.Street, false)]
    [InlineData(CommitteeKind.Street, UnitLevel.Community, true)]
    [InlineData(CommitteeKind.Enterprise, UnitLevel.Community, false)]
    [InlineData(CommitteeKind.Sector, UnitLevel.County, false)]
    [InlineData(CommitteeKind.CountyCentre, UnitLevel.Street, true)]
    public void A_committee_sits_at_the_level_of_its_kind(CommitteeKind kind, UnitLevel level, bool broken)
    {
        Assert.Equal(broken, new CommitteeSitsAtItsLevel(kind, level, "某单位").IsBroken());
    }

    private static Committee Residents()
    {
        var community = new AdministrativeUnit("320282001001", "茶东社区", UnitLevel.Community, null);
        return new Committee(CommitteeKind.Residents, "茶东社区人民调解委员会", null, community.Id, community.Code, community.Path, null, null, DateTimeOffset.UtcNow);
    }
}
