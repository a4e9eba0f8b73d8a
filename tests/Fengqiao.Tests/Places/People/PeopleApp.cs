using System.Collections.Concurrent;
using System.Net.Http.Json;
using Fengqiao.Places.Contracts;
using Fengqiao.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Fengqiao.Tests.Places.People;

/// <summary>The test host with a personal-data hold that tests switch on per resident, as an open case would.</summary>
public sealed class PeopleApp : FengqiaoApp
{
    /// <summary>Resident id → why another module still needs their data.</summary>
    public ConcurrentDictionary<Guid, string> Held { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.AddSingleton<IPersonalDataHold>(new TestHold(Held)));
    }

    private sealed class TestHold(ConcurrentDictionary<Guid, string> held) : IPersonalDataHold
    {
        public Task<string?> ReasonToKeepAsync(Guid residentId, CancellationToken cancellationToken) =>
            Task.FromResult(held.TryGetValue(residentId, out var reason) ? reason : null);
    }
}

/// <summary>Residents as the API returns them, and helpers that register them the way a grid worker would.</summary>
internal static class People
{
    public const string OwnGrid = "320282001001001";    // the demo grid worker "grid"
    public const string OtherGrid = "320282001002001";  // "grid2"

    private static int _sequence;

    /// <summary>A valid 18-character identity number for 宜兴市 (320282), checksum by GB 11643 (ISO 7064 MOD 11-2).</summary>
    public static string IdentityNumber(DateOnly birthDate, bool male)
    {
        var n = Interlocked.Increment(ref _sequence);
        var sequence = ((n * 2) % 998) + (male ? 1 : 0) + 2;
        var first17 = $"320282{birthDate:yyyyMMdd}{sequence:000}";
        return first17 + CheckCharacter(first17);
    }

    public static char CheckCharacter(string first17)
    {
        int[] weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
        var sum = first17.Select((c, i) => (c - '0') * weights[i]).Sum();
        return "10X98765432"[sum % 11];
    }

    /// <summary>The same number with a wrong check character.</summary>
    public static string WithWrongCheck(string number)
    {
        var wrong = "10X98765432".First(c => c != number[17]);
        return number[..17] + wrong;
    }

    public static async Task<Guid> HouseholdAsync(HttpClient client, string grid, string room = "2-501")
    {
        var building = await client.PostAsJsonAsync($"/api/v1/places/grids/{grid}/buildings", new
        {
            street = "人民南路 88 号阳光花园",
            number = Random.Shared.Next(1, 1_000_000).ToString(System.Globalization.CultureInfo.InvariantCulture),
            unitsCount = 3,
            longitude = 119.823,
            latitude = 31.362,
        });
        building.EnsureSuccessStatusCode();
        var buildingId = (await building.Content.ReadFromJsonAsync<IdBody>())!.Id;
        var household = await client.PostAsJsonAsync($"/api/v1/places/buildings/{buildingId}/households", new { room });
        household.EnsureSuccessStatusCode();
        return (await household.Content.ReadFromJsonAsync<IdBody>())!.Id;
    }

    public static Task<HttpResponseMessage> RegisterAsync(
        HttpClient client, Guid household, string name, string identityNumber, string? phone = null, string relation = "户主",
        string residenceKind = "户籍人口", string[]? specialGroups = null) =>
        client.PostAsJsonAsync("/api/v1/places/residents", new
        {
            householdId = household,
            name,
            identityNumber,
            phone,
            relation,
            residenceKind,
            registeredResidence = "江苏省无锡市宜兴市",
            specialGroups = specialGroups ?? [],
        });

    public static async Task<ResidentBody> RegisteredAsync(HttpClient client, Guid household, string name, string identityNumber, string? phone = null, string relation = "户主", string[]? specialGroups = null)
    {
        var response = await RegisterAsync(client, household, name, identityNumber, phone, relation, specialGroups: specialGroups);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<ResidentBody>())!;
    }

    internal sealed record IdBody(Guid Id);

    internal sealed record ResidentBody(Guid Id, Guid HouseholdId, string Name, string? Gender, int? BirthYear, string? IdentityNumber, string? Phone, string Relation, string ResidenceKind, List<string>? SpecialGroups, bool IsErased);

    internal sealed record PageBody(List<ResidentBody> Items, int Total, int Page, int PageSize);
}
