using System.Net.Http.Json;
using Fengqiao.Kernel.Privacy;
using Fengqiao.Places.Organisations;
using Fengqiao.Places.People;
using Fengqiao.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Fengqiao.Tests.Places.People.People;

namespace Fengqiao.Tests.Places.People;

/// <summary>
/// fengqiao privacy rekey-blind-index: after Privacy:BlindIndexKey changes, exact search by identity number finds
/// nobody until the indexes are recomputed under the new key; then it finds them again, and a second run changes nothing.
/// </summary>
public sealed class BlindIndexRekeyTests
{
    private static readonly string OldKey = TestPrivacyKeys.Settings["Privacy:BlindIndexKey"]!;
    private static readonly string NewKey = Convert.ToBase64String(Enumerable.Range(7, 32).Select(i => (byte)(i * 3)).ToArray());

    [Fact]
    public async Task Search_by_identity_number_works_again_after_re_keying_and_a_second_run_changes_nothing()
    {
        await using var database = await TestDatabase.CreateAsync();
        var number = IdentityNumber(new DateOnly(1949, 10, 1), male: true);
        Guid id;
        string password;
        await using (var before = new SameDatabaseApp(database))
        {
            await before.InitializeAsync();
            var grid = await before.ClientForAsync("grid");
            password = before.Account("grid").Password;
            var household = await HouseholdAsync(grid, OwnGrid);
            id = (await RegisteredAsync(grid, household, "蒋国栋", number, "13915001234")).Id;
            await RegisteredAsync(grid, household, "蒋秀珍", IdentityNumber(new DateOnly(1952, 3, 8), male: false), relation: "配偶");
            await RegisteredAsync(grid, household, "蒋小军", IdentityNumber(new DateOnly(1980, 7, 1), male: true), "0510-87112233", relation: "子女");
        }

        await using var after = new NewBlindIndexKeyApp(database);
        await after.InitializeAsync();
        var client = await after.ClientForAsync("grid", password);
        var stale = await client.GetFromJsonAsync<PageBody>($"/api/v1/places/residents/search?identityNumber={number}");
        Assert.Empty(stale!.Items); // the problem re-keying solves

        // One row per batch, so that paging by key is exercised too.
        var result = await after.AsSystemAsync(sp => sp.GetRequiredService<BlindIndexRekeying>().RekeyAsync(NewKey, OldKey, batchSize: 1));
        var again = await after.AsSystemAsync(sp => sp.GetRequiredService<BlindIndexRekeying>().RekeyAsync(NewKey, OldKey));

        var residents = Assert.Single(result.Stores, s => s.Store == "居民");
        Assert.Equal((3L, 5L, 0L, 0L), (residents.RowsExamined, residents.IndexesRewritten, residents.IndexesAlreadyCurrent, residents.IndexesUnrecognised));
        Assert.True(result.Stores.Single(s => s.Store == "组织成员电话").IndexesRewritten > 0); // the demo organisations' contacts
        Assert.Equal(0, again.IndexesRewritten);
        Assert.Equal(result.IndexesRewritten, again.IndexesAlreadyCurrent);
        var found = await client.GetFromJsonAsync<PageBody>($"/api/v1/places/residents/search?identityNumber={number}");
        Assert.Equal(id, Assert.Single(found!.Items).Id);
        var row = await after.WithDbAsync(db => db.Set<Resident>().AsNoTracking().SingleAsync(r => r.Id == id));
        var protector = after.Services.GetRequiredService<PersonalDataProtector>();
        Assert.Equal(protector.BlindIndex(Resident.PhoneField, "13915001234"), row.PhoneIndex);
        var members = await after.WithDbAsync(db => db.Set<OrganisationMember>().AsNoTracking().Where(m => m.PhoneCipher != null).ToListAsync());
        Assert.All(members, m => Assert.Equal(protector.BlindIndex(OrganisationMember.PhoneField, protector.Decrypt(OrganisationMember.PhoneField, m.PhoneCipher!)), m.PhoneIndex));

        // A duplicate registration is caught again under the new key.
        var duplicate = await RegisterAsync(client, await HouseholdAsync(client, OwnGrid), "蒋国栋", number);
        Assert.Equal(System.Net.HttpStatusCode.Conflict, duplicate.StatusCode);
    }

    [Fact]
    public async Task Indexes_under_neither_key_are_counted_and_rewritten_and_a_malformed_key_is_refused()
    {
        await using var app = new FengqiaoApp();
        await app.InitializeAsync();
        var grid = await app.ClientForAsync("grid");
        var number = IdentityNumber(new DateOnly(1963, 12, 26), male: false);
        var id = (await RegisteredAsync(grid, await HouseholdAsync(grid, OwnGrid), "邵美华", number)).Id;
        var thirdKey = Convert.ToBase64String(Enumerable.Range(90, 32).Select(i => (byte)i).ToArray());
        // Re-keying to the configured key with a wrong "old" key: every index is current, none is unrecognised.
        var unchanged = await app.AsSystemAsync(sp => sp.GetRequiredService<BlindIndexRekeying>().RekeyAsync(OldKey, thirdKey));

        var moved = await app.AsSystemAsync(sp => sp.GetRequiredService<BlindIndexRekeying>().RekeyAsync(thirdKey, NewKey));
        var refused = await Assert.ThrowsAsync<ArgumentException>(() => app.AsSystemAsync(sp => sp.GetRequiredService<BlindIndexRekeying>().RekeyAsync("bm90LWEta2V5", null)));
        var back = await app.AsSystemAsync(sp => sp.GetRequiredService<BlindIndexRekeying>().RekeyAsync(OldKey, null));

        Assert.Equal(0, unchanged.IndexesRewritten);
        Assert.Equal(0, unchanged.IndexesUnrecognised);
        Assert.Equal(moved.IndexesRewritten, moved.IndexesUnrecognised); // the old key given (NewKey) never made them
        Assert.True(moved.OldKeyChecked);
        Assert.Contains("base64", refused.Message, StringComparison.Ordinal);
        Assert.Equal(moved.IndexesRewritten, back.IndexesRewritten);
        var found = await grid.GetFromJsonAsync<PageBody>($"/api/v1/places/residents/search?identityNumber={number}");
        Assert.Equal(id, Assert.Single(found!.Items).Id);
    }

    private sealed class SameDatabaseApp(TestDatabase database) : FengqiaoApp(database);

    private sealed class NewBlindIndexKeyApp(TestDatabase database) : FengqiaoApp(database)
    {
        protected override IReadOnlyDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>
        {
            ["Privacy:BlindIndexKey"] = NewKey,
        };
    }
}
