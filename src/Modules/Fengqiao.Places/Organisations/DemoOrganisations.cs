using Fengqiao.Kernel.Privacy;
using Fengqiao.Kernel.Units;

namespace Fengqiao.Places.Organisations;

/// <summary>A few organisations of 茶东社区 for the demo: a party tree, the committee, the workstation, a team, a property company.</summary>
internal static class DemoOrganisations
{
    public const string CommunityCode = "320282001001";

    /// <summary>The demo organisations and members of <paramref name="community"/>, ready to be added to the context.</summary>
    public static IReadOnlyList<object> Build(AdministrativeUnit community, PersonalDataProtector protector, DateTimeOffset now)
    {
        Organisation Make(OrganisationKind kind, string name, Organisation? parent = null, string? creditCode = null, string? address = null) =>
            new(kind, name, creditCode, community.Id, community.Code, community.Path, parent, address, null, null, now);

        var since = new DateOnly(2024, 1, 1);
        OrganisationMember Member(Organisation organisation, string name, string role, string? phone = null) =>
            new(organisation.Id, organisation.UnitPath, name, null, role, role == "联系人",
                phone is null ? null : protector.Encrypt(OrganisationMember.PhoneField, phone),
                phone is null ? null : protector.BlindIndex(OrganisationMember.PhoneField, phone),
                since, null);

        var generalBranch = Make(OrganisationKind.PartyGeneralBranch, "茶东社区党总支", address: "宜城街道茶东社区党群服务中心");
        var branch = Make(OrganisationKind.PartyBranch, "茶东社区第一党支部", generalBranch);
        var group = Make(OrganisationKind.PartyGroup, "茶东社区第一党支部第一党小组", branch);
        var committee = Make(OrganisationKind.ResidentsCommittee, "茶东社区居民委员会", address: "宜城街道茶东社区党群服务中心");
        var workstation = Make(OrganisationKind.CommunityAffairsWorkstation, "茶东社区事务工作站", address: "宜城街道茶东社区党群服务中心一楼");
        var volunteers = Make(OrganisationKind.VolunteerTeam, "茶东社区志愿服务队");
        var property = Make(OrganisationKind.PropertyCompany, "宜兴市茶东物业服务有限公司", creditCode: "91320282MA1NQ3K5PW", address: "宜城街道茶东新村 1 号");
        return
        [
            generalBranch, branch, group, committee, workstation, volunteers, property,
            Member(generalBranch, "张国华", "书记", "13861500201"),
            Member(generalBranch, "李文静", "委员"),
            Member(branch, "陈红梅", "书记", "13861500202"),
            Member(group, "刘志强", "组长"),
            Member(committee, "张国华", "主任", "13861500201"),
            Member(workstation, "王丽", "站长", "0510-87900102"),
            Member(volunteers, "周敏", "队长", "13861500203"),
            Member(property, "吴建平", "联系人", "13861500204"),
        ];
    }
}
