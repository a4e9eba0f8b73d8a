using System.Net;
using System.Net.Http.Json;
using Fengqiao.Kernel.Data;
using Fengqiao.Kernel.Units;
using Fengqiao.Places.Organisations;
using Fengqiao.Testing;
using Microsoft.EntityFrameworkCore;

namespace Fengqiao.Tests.Places.Organisations;

/// <summary>
/// 政社分离 held by the database: one self-governing committee and one affairs workstation per community, even when
/// the handler's own check is bypassed or raced — a unique index on (unit, role slot) refuses the second.
/// </summary>
public sealed class OrganisationRoleSlotTests(RacingApp app) : IClassFixture<RacingApp>
{
    private const string Url = "/api/v1/places/organisations";
    private const string Heping = "320282001003";   // 和平社区: no demo organisations
    private const string Tancun = "320282001203";   // 谈家干村

    [Fact]
    public async Task A_second_committee_inserted_directly_is_refused_by_the_database()
    {
        var now = DateTimeOffset.UtcNow;
        await app.WithDbAsync(async db =>
        {
            var unit = await db.Units.SingleAsync(u => u.Code == Tancun);
            db.Add(new Organisation(OrganisationKind.VillagersCommittee, "谈家干村村民委员会", null, unit.Id, unit.Code, unit.Path, null, null, null, null, now));
            return await db.SaveChangesAsync();
        });

        var refused = await Assert.ThrowsAsync<DbUpdateException>(() => app.WithDbAsync(async db =>
        {
            var unit = await db.Units.SingleAsync(u => u.Code == Tancun);
            // A residents' committee takes the same slot as a villagers' committee.
            db.Add(new Organisation(OrganisationKind.ResidentsCommittee, "谈家干村居民委员会", null, unit.Id, unit.Code, unit.Path, null, null, null, null, now));
            try
            {
                return await db.SaveChangesAsync();
            }
            catch (DbUpdateException exception)
            {
                Assert.True(db.IsUniqueViolation<Organisation>(exception, nameof(Organisation.UnitId), nameof(Organisation.RoleSlot)), exception.InnerException?.Message);
                throw;
            }
        }));

        Assert.NotNull(refused.InnerException);
        var committees = await app.WithDbAsync(db => db.Set<Organisation>().Where(o => o.UnitCode == Tancun && o.RoleSlot == OrganisationRoleSlot.SelfGoverningCommittee).Select(o => o.Name).ToListAsync());
        Assert.Equal(["谈家干村村民委员会"], committees);
    }

    [Fact]
    public async Task Kinds_without_a_slot_may_be_many_and_a_committee_and_workstation_sit_side_by_side()
    {
        var now = DateTimeOffset.UtcNow;

        var written = await app.WithDbAsync(async db =>
        {
            var unit = await db.Units.SingleAsync(u => u.Code == Heping);
            db.Add(new Organisation(OrganisationKind.VolunteerTeam, "和平社区志愿服务队", null, unit.Id, unit.Code, unit.Path, null, null, null, null, now));
            db.Add(new Organisation(OrganisationKind.VolunteerTeam, "和平社区巡逻队", null, unit.Id, unit.Code, unit.Path, null, null, null, null, now));
            db.Add(new Organisation(OrganisationKind.ResidentsCommittee, "和平社区居民委员会", null, unit.Id, unit.Code, unit.Path, null, null, null, null, now));
            db.Add(new Organisation(OrganisationKind.CommunityAffairsWorkstation, "和平社区事务工作站", null, unit.Id, unit.Code, unit.Path, null, null, null, null, now));
            return await db.SaveChangesAsync();
        });

        Assert.Equal(4, written);
    }

    [Fact]
    public async Task A_workstation_registered_between_the_check_and_the_commit_gives_the_rule_not_a_server_error()
    {
        const string Yuedi = "320282001004";
        var client = await app.ClientForAsync("street");
        // The competing workstation joins the unit of work at commit time, after the handler's check found none.
        app.BeforeNextInsert<Organisation>(o => o.RoleSlot is not null, async (context, _) =>
        {
            var unit = await context.Set<AdministrativeUnit>().AsNoTracking().SingleAsync(u => u.Code == Yuedi);
            context.Add(new Organisation(OrganisationKind.CommunityAffairsWorkstation, "岳堤社区党群服务站", null, unit.Id, unit.Code, unit.Path, null, null, null, null, DateTimeOffset.UtcNow));
        });

        var response = await client.PostAsJsonAsync(Url, new { kind = "CommunityAffairsWorkstation", name = "岳堤社区事务工作站", unit = Yuedi });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains("政社分离：一个社区只能有一个社区事务工作站", body, StringComparison.Ordinal);
        Assert.Contains(nameof(OneCommitteeAndOneWorkstationPerCommunity), body, StringComparison.Ordinal);
        Assert.False(app.RacePending);
        Assert.False(await app.WithDbAsync(db => db.Set<Organisation>().AnyAsync(o => o.UnitCode == Yuedi && o.Kind == OrganisationKind.CommunityAffairsWorkstation)));
    }
}
