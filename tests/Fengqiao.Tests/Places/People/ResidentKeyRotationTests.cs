using Fengqiao.Kernel.Privacy;
using Fengqiao.Places.People;
using Fengqiao.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Fengqiao.Tests.Places.People.People;

namespace Fengqiao.Tests.Places.People;

/// <summary>fengqiao privacy rotate-keys reaches residents: after a new current key is configured, their values move onto it.</summary>
public sealed class ResidentKeyRotationTests
{
    [Fact]
    public async Task Rotation_reencrypts_resident_fields_under_the_new_key_and_the_blind_index_still_matches()
    {
        await using var database = await TestDatabase.CreateAsync();
        var number = IdentityNumber(new DateOnly(1955, 9, 9), male: true);
        Guid id;
        await using (var before = new SameDatabaseApp(database))
        {
            await before.InitializeAsync();
            var grid = await before.ClientForAsync("grid");
            var household = await HouseholdAsync(grid, OwnGrid);
            id = (await RegisteredAsync(grid, household, "钱福根", number, "13912345678")).Id;
            await RegisteredAsync(grid, household, "钱小燕", IdentityNumber(new DateOnly(1990, 2, 2), male: false), relation: "子女");
        }

        await using var after = new RotatedKeyApp(database);
        await after.InitializeAsync();
        var old = await after.WithDbAsync(db => db.Set<Resident>().AsNoTracking().SingleAsync(r => r.Id == id));
        Assert.Equal(TestPrivacyKeys.CurrentKeyId, PersonalDataProtector.KeyIdOf(old.IdentityNumber!));

        // One row per batch, so that paging by key is exercised too.
        var result = await after.AsSystemAsync(sp => sp.GetRequiredService<KeyRotation>().RotateAsync(batchSize: 1));
        var again = await after.AsSystemAsync(sp => sp.GetRequiredService<KeyRotation>().RotateAsync());

        var store = Assert.Single(result.Stores, s => s.Store == "居民");
        Assert.Equal((2, 3), (store.RowsExamined, store.ValuesReencrypted));
        Assert.Equal(0, again.ValuesReencrypted);
        var row = await after.WithDbAsync(db => db.Set<Resident>().AsNoTracking().SingleAsync(r => r.Id == id));
        Assert.Equal(RotatedKeyApp.NewKeyId, PersonalDataProtector.KeyIdOf(row.IdentityNumber!));
        Assert.Equal(RotatedKeyApp.NewKeyId, PersonalDataProtector.KeyIdOf(row.Phone!));
        var protector = after.Services.GetRequiredService<PersonalDataProtector>();
        Assert.Equal(number, protector.Decrypt(Resident.IdentityNumberField, row.IdentityNumber!));
        Assert.Equal("13912345678", protector.Decrypt(Resident.PhoneField, row.Phone!));
        Assert.Equal(old.IdentityNumberIndex, row.IdentityNumberIndex);
        Assert.Equal(protector.BlindIndex(Resident.IdentityNumberField, number), row.IdentityNumberIndex);
    }

    private sealed class SameDatabaseApp(TestDatabase database) : FengqiaoApp(database);

    private sealed class RotatedKeyApp(TestDatabase database) : FengqiaoApp(database)
    {
        public const string NewKeyId = "k2";

        protected override IReadOnlyDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>
        {
            [$"Privacy:Keys:{NewKeyId}"] = Convert.ToBase64String(Enumerable.Range(51, 32).Select(i => (byte)i).ToArray()),
            ["Privacy:CurrentKeyId"] = NewKeyId,
        };
    }
}
