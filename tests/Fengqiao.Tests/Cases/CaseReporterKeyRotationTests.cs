using Fengqiao.Cases.Domain;
using Fengqiao.Cases.Intake;
using Fengqiao.Kernel.Privacy;
using Fengqiao.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Fengqiao.Tests.Cases.CaseFixtures;

namespace Fengqiao.Tests.Cases;

/// <summary>Reporters' contact details are encrypted like residents' and move to a new key with <c>fengqiao privacy rotate-keys</c>.</summary>
public sealed class CaseReporterKeyRotationTests
{
    [Fact]
    public async Task Rotation_reencrypts_the_reporters_name_and_phone_under_the_new_key()
    {
        await using var database = await TestDatabase.CreateAsync();
        Guid id;
        await using (var before = new SameDatabaseApp(database))
        {
            await before.InitializeAsync();
            var (lon, lat) = await PointInAsync(before, Grid);
            using var resident = before.CreateClient();
            id = (await ReadAsync<ReportReceipt>(await ReportAsync(resident, new
            {
                description = "楼道里的声控灯坏了，晚上上楼看不见。", longitude = lon, latitude = lat, categoryCode = "E06", contactName = "周桂兰", contactPhone = "13700001111",
            }))).Id;
        }

        await using var after = new RotatedKeyApp(database);
        await after.InitializeAsync();
        var result = await after.AsSystemAsync(sp => sp.GetRequiredService<KeyRotation>().RotateAsync());

        var store = Assert.Single(result.Stores, s => s.Store == "事件上报人");
        Assert.Equal((1, 2), (store.RowsExamined, store.ValuesReencrypted));
        var row = await after.WithDbAsync(db => db.Set<Case>().IgnoreQueryFilters().AsNoTracking().SingleAsync(c => c.Id == id));
        var protector = after.Services.GetRequiredService<PersonalDataProtector>();
        Assert.Equal(RotatedKeyApp.NewKeyId, PersonalDataProtector.KeyIdOf(row.ReporterPhoneCipher!));
        Assert.Equal("13700001111", protector.Decrypt(ReportCase.ReporterPhoneField, row.ReporterPhoneCipher!));
        Assert.Equal("周桂兰", protector.Decrypt(ReportCase.ReporterNameField, row.ReporterNameCipher!));
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
