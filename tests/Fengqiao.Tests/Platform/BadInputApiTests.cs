using System.Net;
using System.Net.Http.Json;
using System.Text;
using Fengqiao.Testing;
using Microsoft.EntityFrameworkCore;

namespace Fengqiao.Tests.Platform;

/// <summary>Input the API cannot accept is refused with a problem that says why, and changes nothing.</summary>
public sealed class BadInputApiTests(FengqiaoApp app) : IClassFixture<FengqiaoApp>
{
    private const string OwnGrid = "320282001001001";       // 茶东社区第一网格: the demo grid worker's, its card already set
    private const string UntouchedGrid = "320282001001002"; // 茶东社区第二网格: card never edited (version 0)

    [Fact]
    public async Task Malformed_json_is_refused_as_malformed_json_and_changes_nothing()
    {
        var client = await app.ClientForAsync("grid");
        var before = await CardAsync(OwnGrid);

        var response = await client.PutAsync($"/api/v1/units/{OwnGrid}/public-card", Json("{\"dutyPhone\": \"13861500199\", \"version\": "));

        var problem = await Problem.ReadAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal("malformed-json", problem.Code);
        Assert.Equal(before, await CardAsync(OwnGrid));
    }

    [Fact]
    public async Task Body_larger_than_the_configured_limit_is_refused_as_too_large_and_changes_nothing()
    {
        var client = await app.ClientForAsync("grid");
        var before = await CardAsync(OwnGrid);
        var notice = new string('网', 400 * 1024); // 1.2 MB of UTF-8, over Api:MaxRequestBodyBytes (1 MiB)

        var response = await client.PutAsync(
            $"/api/v1/units/{OwnGrid}/public-card",
            Json($"{{\"dutyPhone\": \"13861500199\", \"publicNotice\": \"{notice}\", \"version\": {before.Version}}}"));

        var problem = await Problem.ReadAsync(response, HttpStatusCode.RequestEntityTooLarge);
        Assert.Equal("payload-too-large", problem.Code);
        Assert.Equal(before, await CardAsync(OwnGrid));
    }

    [Fact]
    public async Task Unknown_api_route_answers_404_as_a_problem_not_a_page()
    {
        var client = await app.ClientForAsync("grid");

        var response = await client.GetAsync("/api/v1/does-not-exist");

        var problem = await Problem.ReadAsync(response, HttpStatusCode.NotFound);
        Assert.Equal("未找到", problem.Title);
    }

    [Fact]
    public async Task Json_sent_as_plain_text_is_refused_as_an_unsupported_media_type_and_changes_nothing()
    {
        var client = await app.ClientForAsync("grid");
        var before = await CardAsync(OwnGrid);

        var response = await client.PutAsync(
            $"/api/v1/units/{OwnGrid}/public-card",
            new StringContent($"{{\"dutyPhone\": \"13861500199\", \"version\": {before.Version}}}", Encoding.UTF8, "text/plain"));

        await Problem.ReadAsync(response, HttpStatusCode.UnsupportedMediaType);
        Assert.Equal(before, await CardAsync(OwnGrid));
    }

    [Fact]
    public async Task Missing_version_is_refused_rather_than_taken_as_version_zero()
    {
        var client = await app.ClientForAsync("community");
        var before = await CardAsync(UntouchedGrid);
        Assert.Equal(0L, before.Version);

        var response = await client.PutAsJsonAsync($"/api/v1/units/{UntouchedGrid}/public-card", new { dutyPhone = "13861500102", publicNotice = "第二网格网格员：刘小军" });

        var problem = await Problem.ReadAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal("validation-failed", problem.Code);
        Assert.True(problem.Errors!.ContainsKey("version"));
        Assert.Equal(before, await CardAsync(UntouchedGrid));
    }

    [Fact]
    public async Task Notice_longer_than_a_sign_is_refused_by_the_rule_and_changes_nothing()
    {
        var client = await app.ClientForAsync("grid");
        var before = await CardAsync(OwnGrid);

        var response = await client.PutAsJsonAsync(
            $"/api/v1/units/{OwnGrid}/public-card",
            new { dutyPhone = "13861500199", publicNotice = new string('巡', 600), version = before.Version });

        var problem = await Problem.ReadAsync(response, HttpStatusCode.UnprocessableEntity);
        Assert.Equal("PublicNoticeMustFitOnASign", problem.Code);
        Assert.Equal("公示内容不能超过 500 字。", problem.Detail);
        Assert.Equal(before, await CardAsync(OwnGrid));
    }

    [Fact]
    public async Task Duty_phone_that_cannot_be_dialled_is_refused_by_the_rule_and_changes_nothing()
    {
        var client = await app.ClientForAsync("grid");
        var before = await CardAsync(OwnGrid);

        var response = await client.PutAsJsonAsync(
            $"/api/v1/units/{OwnGrid}/public-card",
            new { dutyPhone = "8792 1234", serviceHours = "每日 8:00-20:00", version = before.Version });

        var problem = await Problem.ReadAsync(response, HttpStatusCode.UnprocessableEntity);
        Assert.Equal("DutyPhoneMustBeDialable", problem.Code);
        Assert.Equal("值班电话应为 11 位手机号或带区号的固定电话（如 0510-87654321）。", problem.Detail);
        Assert.Equal(before, await CardAsync(OwnGrid));
    }

    private static StringContent Json(string text) => new(text, Encoding.UTF8, "application/json");

    private Task<Card> CardAsync(string code) =>
        app.WithDbAsync(db => db.Units.AsNoTracking()
            .Where(u => u.Code == code)
            .Select(u => new Card(u.DutyPhone, u.ServiceHours, u.PublicNotice, u.Version))
            .SingleAsync());

    private sealed record Card(string? DutyPhone, string? ServiceHours, string? PublicNotice, long Version);
}
