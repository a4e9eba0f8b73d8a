using Fengqiao.Kernel.Errors;
using Fengqiao.Places.Organisations;

namespace Fengqiao.Tests.Places.Organisations;

/// <summary>The party tree by rank, and 政社分离: one committee and one workstation per community, each its own.</summary>
public sealed class OrganisationRulesTests
{
    [Theory]
    [InlineData(OrganisationKind.PartyGeneralBranch, OrganisationKind.PartyCommittee)]
    [InlineData(OrganisationKind.PartyBranch, OrganisationKind.PartyCommittee)]
    [InlineData(OrganisationKind.PartyBranch, OrganisationKind.PartyGeneralBranch)]
    [InlineData(OrganisationKind.PartyGroup, OrganisationKind.PartyBranch)]
    public void A_party_organisation_may_sit_under_a_higher_ranking_one(OrganisationKind kind, OrganisationKind parent)
    {
        Assert.False(new PartyOrganisationParentMustRankHigher(kind, parent).IsBroken());
    }

    [Theory]
    [InlineData(OrganisationKind.PartyBranch, OrganisationKind.PartyBranch)]
    [InlineData(OrganisationKind.PartyBranch, OrganisationKind.PartyGroup)]
    [InlineData(OrganisationKind.PartyCommittee, OrganisationKind.PartyGeneralBranch)]
    [InlineData(OrganisationKind.PartyGroup, OrganisationKind.PartyGroup)]
    public void A_party_organisation_may_not_sit_under_an_equal_or_lower_one(OrganisationKind kind, OrganisationKind parent)
    {
        var rule = new PartyOrganisationParentMustRankHigher(kind, parent);

        Assert.True(rule.IsBroken());
        Assert.Contains("级别更高的党组织", rule.Message);
    }

    [Fact]
    public void Only_party_organisations_have_parents_and_only_party_organisations_are_parents()
    {
        var underCommittee = new PartyOrganisationParentMustRankHigher(OrganisationKind.PartyGroup, OrganisationKind.ResidentsCommittee);
        var teamWithParent = new PartyOrganisationParentMustRankHigher(OrganisationKind.VolunteerTeam, OrganisationKind.PartyBranch);

        Assert.True(underCommittee.IsBroken());
        Assert.Contains("必须是党组织", underCommittee.Message);
        Assert.True(teamWithParent.IsBroken());
        Assert.Contains("不是党组织", teamWithParent.Message);
        Assert.False(new PartyOrganisationParentMustRankHigher(OrganisationKind.PartyGeneralBranch, null).IsBroken());
        Assert.False(new PartyOrganisationParentMustRankHigher(OrganisationKind.Enterprise, null).IsBroken());
    }

    [Fact]
    public void The_rule_is_checked_when_an_organisation_is_made()
    {
        var branch = new Organisation(OrganisationKind.PartyBranch, "第一党支部", null, Guid.NewGuid(), "320282001001", "/32/", null, null, null, null, DateTimeOffset.UtcNow);

        var refused = Assert.Throws<BusinessRuleViolationException>(() =>
            new Organisation(OrganisationKind.PartyGeneralBranch, "党总支", null, Guid.NewGuid(), "320282001001", "/32/", branch, null, null, null, DateTimeOffset.UtcNow));

        Assert.Equal(nameof(PartyOrganisationParentMustRankHigher), refused.Code);
    }

    [Theory]
    [InlineData(OrganisationKind.ResidentsCommittee)]
    [InlineData(OrganisationKind.VillagersCommittee)]
    [InlineData(OrganisationKind.CommunityAffairsWorkstation)]
    public void A_community_has_at_most_one_committee_and_one_workstation(OrganisationKind kind)
    {
        Assert.False(new OneCommitteeAndOneWorkstationPerCommunity(kind, unitIsCommunity: true, existingName: null).IsBroken());
        var second = new OneCommitteeAndOneWorkstationPerCommunity(kind, unitIsCommunity: true, existingName: "茶东社区居民委员会");
        Assert.True(second.IsBroken());
        Assert.Contains("政社分离", second.Message);
        var atStreet = new OneCommitteeAndOneWorkstationPerCommunity(kind, unitIsCommunity: false, existingName: null);
        Assert.True(atStreet.IsBroken());
        Assert.Contains("只能设在社区", atStreet.Message);
    }

    [Fact]
    public void Other_kinds_are_not_limited_in_number()
    {
        Assert.False(new OneCommitteeAndOneWorkstationPerCommunity(OrganisationKind.VolunteerTeam, true, "另一支队伍").IsBroken());
    }

    [Theory]
    [InlineData(120.0, null)]
    [InlineData(200.0, 31.0)]
    [InlineData(120.0, 95.0)]
    public void A_location_must_be_a_whole_wgs84_point(double? longitude, double? latitude)
    {
        Assert.True(new OrganisationLocationMustBeWgs84(longitude, latitude).IsBroken());
        Assert.False(new OrganisationLocationMustBeWgs84(119.82, 31.36).IsBroken());
        Assert.False(new OrganisationLocationMustBeWgs84(null, null).IsBroken());
    }
}
