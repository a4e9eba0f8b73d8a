using System.Net.Http.Json;
using static Fengqiao.Tests.Places.People.People;

namespace Fengqiao.Tests.Places.People;

/// <summary>
/// 特殊人群标签 (ADR 0010): grid workers collect them and visit these residents, so they see the tags they may record —
/// in their own grid only; mediators, who also read residents, do not.
/// </summary>
public sealed class SpecialGroupTagTests(PeopleApp app) : IClassFixture<PeopleApp>
{
    [Fact]
    public async Task Grid_worker_sees_special_group_tags_in_every_read_of_their_own_grid()
    {
        var grid = await app.ClientForAsync("grid");
        var household = await HouseholdAsync(grid, OwnGrid, "5-302");
        var number = IdentityNumber(new DateOnly(1941, 10, 9), male: false);
        var registered = await RegisteredAsync(grid, household, "蒋桂英", number, specialGroups: ["独居老人", "残疾人"]);

        var single = await grid.GetFromJsonAsync<ResidentBody>($"/api/v1/places/residents/{registered.Id}");
        var inGrid = await grid.GetFromJsonAsync<PageBody>($"/api/v1/places/grids/{OwnGrid}/residents?pageSize=100");
        var inHousehold = await grid.GetFromJsonAsync<PageBody>($"/api/v1/places/households/{household}/residents");
        var searched = await grid.GetFromJsonAsync<PageBody>($"/api/v1/places/residents/search?identityNumber={number}");
        var updated = await grid.PutAsJsonAsync($"/api/v1/places/residents/{registered.Id}", new { specialGroups = new[] { "独居老人" } });

        Assert.Equal(["独居老人", "残疾人"], registered.SpecialGroups);
        Assert.Equal(["独居老人", "残疾人"], single!.SpecialGroups);
        Assert.Equal(["独居老人", "残疾人"], Assert.Single(inGrid!.Items, r => r.Id == registered.Id).SpecialGroups);
        Assert.Equal(["独居老人", "残疾人"], Assert.Single(inHousehold!.Items).SpecialGroups);
        Assert.Equal(["独居老人", "残疾人"], Assert.Single(searched!.Items).SpecialGroups);
        Assert.Equal(["独居老人"], (await updated.Content.ReadFromJsonAsync<ResidentBody>())!.SpecialGroups);
    }

    [Fact]
    public async Task Mediator_reads_the_resident_without_tags_and_another_grid_worker_not_at_all()
    {
        var grid = await app.ClientForAsync("grid");
        var household = await HouseholdAsync(grid, OwnGrid, "6-101");
        var registered = await RegisteredAsync(grid, household, "许志明", IdentityNumber(new DateOnly(1955, 4, 18), male: true), specialGroups: ["低保"]);
        var mediator = await app.ClientForAsync("mediator");
        var grid2 = await app.ClientForAsync("grid2");

        var seenByMediator = await mediator.GetFromJsonAsync<ResidentBody>($"/api/v1/places/residents/{registered.Id}");
        var seenByOtherGrid = await grid2.GetAsync($"/api/v1/places/residents/{registered.Id}");

        Assert.Equal("许**", seenByMediator!.Name);
        Assert.Null(seenByMediator.SpecialGroups);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, seenByOtherGrid.StatusCode);
    }
}
