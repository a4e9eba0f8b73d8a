using Fengqiao.Kernel.Privacy;
using Fengqiao.Kernel.Units;
using Fengqiao.Mediation.Disputes;

namespace Fengqiao.Mediation.Committees;

/// <summary>
/// The demo's mediation organisations: 茶东社区 and 宜城街道 committees (constituted, with the demo mediator 孙明德 in
/// both) and the county centre with its windows, led by the demo supervisor.
/// </summary>
internal static class DemoCommittees
{
    public const string CommunityCommitteeName = "茶东社区人民调解委员会";
    public const string StreetCommitteeName = "宜城街道人民调解委员会";
    public const string CentreName = "宜兴市社会矛盾纠纷调处化解中心";

    /// <summary>The committees to add; accounts maps demo user names to account ids (mediator, community, street, supervisor).</summary>
    public static IReadOnlyList<Committee> Build(
        AdministrativeUnit? community, AdministrativeUnit? street, AdministrativeUnit? county, IReadOnlyDictionary<string, Guid> accounts, DateTimeOffset now)
    {
        var since = new DateOnly(2024, 1, 1);
        var today = DateOnly.FromDateTime(Kernel.Time.ChinaTime.ToLocal(now).DateTime);
        Guid? Account(string userName) => accounts.TryGetValue(userName, out var id) ? id : null;
        var result = new List<Committee>();
        if (community is not null)
        {
            var committee = new Committee(CommitteeKind.Residents, CommunityCommitteeName, null, community.Id, community.Code, community.Path, "宜城街道茶东社区党群服务中心二楼调解室", "0510-87900103", now);
            committee.AddMember(null, "张国华", Gender.Male, CommitteeRole.Chair, [DisputeType.Neighbourhood, DisputeType.HousingAndHomestead], "苏宜调证2021-0032", new DateOnly(2021, 5, 10), since, today);
            committee.AddMember(Account("community"), "李文静", Gender.Female, CommitteeRole.Member, [DisputeType.MarriageAndFamily], null, null, since, today);
            committee.AddMember(Account("mediator"), "孙明德", Gender.Male, CommitteeRole.Member, [DisputeType.Neighbourhood, DisputeType.MarriageAndFamily, DisputeType.Property], "苏宜调证2023-0158", new DateOnly(2023, 3, 1), since, today);
            committee.AddMember(null, "刘桂芳", Gender.Female, CommitteeRole.Mediator, [DisputeType.MarriageAndFamily, DisputeType.Neighbourhood], null, null, since, today);
            committee.Constitute(since, today);
            result.Add(committee);
        }

        if (street is not null)
        {
            var committee = new Committee(CommitteeKind.Street, StreetCommitteeName, null, street.Id, street.Code, street.Path, "宜城街道综治中心一楼", "0510-87921235", now);
            committee.AddMember(Account("street"), "周晓燕", Gender.Female, CommitteeRole.Chair, [DisputeType.Labour, DisputeType.Contract], "苏宜调证2020-0007", new DateOnly(2020, 9, 1), since, today);
            committee.AddMember(Account("mediator"), "孙明德", Gender.Male, CommitteeRole.Member, [DisputeType.Neighbourhood, DisputeType.Property], "苏宜调证2023-0158", new DateOnly(2023, 3, 1), since, today);
            committee.AddMember(null, "陈建军", Gender.Male, CommitteeRole.Member, [DisputeType.Labour, DisputeType.LandAcquisitionAndDemolition], null, null, since, today);
            committee.AddMember(null, "王秀英", Gender.Female, CommitteeRole.Member, [DisputeType.DamageCompensation, DisputeType.Consumer], null, null, since, today);
            committee.Constitute(since, today);
            result.Add(committee);
        }

        if (county is not null)
        {
            var centre = new Committee(CommitteeKind.CountyCentre, CentreName, null, county.Id, county.Code, county.Path, "宜兴市宜城街道人民中路 1 号", "0510-87981234", now);
            centre.AddMember(Account("supervisor"), "陈督办", Gender.Male, CommitteeRole.Chair, [], null, null, since, today);
            centre.AddWindow("信访接待窗口", "宜兴市信访局");
            centre.AddWindow("劳动仲裁窗口", "宜兴市劳动人事争议仲裁院");
            centre.AddWindow("诉讼服务窗口", "宜兴市人民法院");
            centre.AddWindow("人民调解窗口", "宜兴市司法局");
            result.Add(centre);
        }

        return result;
    }
}
