using System.Security.Claims;
using Fengqiao.Kernel.Access;
using Fengqiao.Kernel.Audit;
using Fengqiao.Kernel.Data;
using Fengqiao.Kernel.Errors;
using Fengqiao.Kernel.Identity;
using Fengqiao.Kernel.Privacy;
using Fengqiao.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Fengqiao.Tests.Kernel.Privacy;

/// <summary>
/// Seeing a value unmasked, against the real host and database: the reveal is in the audit log (committed) before the
/// value is handed out, and a refusal is logged as Denied and hands out nothing.
/// </summary>
public sealed class PersonalDataAccessTests(FengqiaoApp app) : IClassFixture<FengqiaoApp>
{
    private const string Field = "residents.identity_number";
    private const string CommunityCode = "320282001001";

    private static readonly string[] CommunityStaff = [Roles.CommunityWorker, Roles.GridWorker];

    [Fact]
    public async Task A_reveal_writes_exactly_one_audit_entry_with_the_purpose_and_returns_the_value()
    {
        var (item, ciphertext) = await ResidentAsync();
        var before = await MaxSequenceAsync();

        var plaintext = await AsAsync("community", access => access.RevealAsync(item, ciphertext, "  核实低保申请材料  ", CommunityStaff));

        Assert.Equal("32010619900101123X", plaintext);
        var entry = Assert.Single(await EntriesAfterAsync(before));
        Assert.Equal(PersonalDataAccess.RevealAction, entry.Action);
        Assert.Equal(AuditOutcome.Succeeded, entry.Outcome);
        Assert.Equal("community", entry.ActorName);
        Assert.Equal(item.Target, entry.Target);
        Assert.Equal(item.UnitPath, entry.UnitPath);
        Assert.Equal($"字段：{Field}；目的：核实低保申请材料", entry.Detail);
        Assert.DoesNotContain("123X", entry.Detail, StringComparison.Ordinal);
        Assert.True(await app.AsSystemAsync(sp => sp.GetRequiredService<AuditChainVerifier>().VerifyAsync(null, CancellationToken.None)) is { IsIntact: true });
    }

    [Fact]
    public async Task Without_a_permitted_role_the_reveal_is_refused_logged_as_denied_and_returns_nothing()
    {
        var (item, ciphertext) = await ResidentAsync();
        var before = await MaxSequenceAsync();
        string? revealed = null;

        var refusal = await Assert.ThrowsAsync<ForbiddenException>(() =>
            AsAsync("mediator", async access => revealed = await access.RevealAsync(item, ciphertext, "核实低保申请材料", CommunityStaff)));

        Assert.Null(revealed);
        Assert.Contains("没有查看完整个人信息的权限", refusal.Message, StringComparison.Ordinal);
        var entry = Assert.Single(await EntriesAfterAsync(before));
        Assert.Equal(AuditOutcome.Denied, entry.Outcome);
        Assert.Equal(PersonalDataAccess.RevealAction, entry.Action);
        Assert.Equal("mediator", entry.ActorName);
        Assert.Contains("核实低保申请材料", entry.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("   ")]
    [InlineData("看看")]
    public async Task Without_a_stated_purpose_the_reveal_is_refused_and_logged_as_denied(string? purpose)
    {
        var (item, ciphertext) = await ResidentAsync();
        var before = await MaxSequenceAsync();

        var refusal = await Assert.ThrowsAsync<ValidationFailedException>(() =>
            AsAsync("community", access => access.RevealAsync(item, ciphertext, purpose, CommunityStaff)));

        Assert.Equal(["purpose"], refusal.Errors.Keys);
        var entry = Assert.Single(await EntriesAfterAsync(before));
        Assert.Equal(AuditOutcome.Denied, entry.Outcome);
        Assert.Contains("用途", entry.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_purpose_longer_than_200_characters_is_refused()
    {
        var (item, ciphertext) = await ResidentAsync();

        await Assert.ThrowsAsync<ValidationFailedException>(() =>
            AsAsync("community", access => access.RevealAsync(item, ciphertext, new string('查', 201), CommunityStaff)));
    }

    [Fact]
    public async Task A_permitted_role_outside_the_records_jurisdiction_is_refused()
    {
        var (item, ciphertext) = await ResidentAsync();
        var before = await MaxSequenceAsync();

        var refusal = await Assert.ThrowsAsync<ForbiddenException>(() =>
            AsAsync("grid2", access => access.RevealAsync(item, ciphertext, "核实低保申请材料", CommunityStaff)));

        Assert.Contains("管辖范围", refusal.Message, StringComparison.Ordinal);
        Assert.Equal(AuditOutcome.Denied, Assert.Single(await EntriesAfterAsync(before)).Outcome);
    }

    [Fact]
    public async Task A_damaged_value_fails_before_anything_is_logged_as_seen()
    {
        var (item, _) = await ResidentAsync();
        var before = await MaxSequenceAsync();

        await Assert.ThrowsAsync<PersonalDataCryptoException>(() =>
            AsAsync("community", access => access.RevealAsync(item, "v1.test2026.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "核实低保申请材料", CommunityStaff)));

        Assert.Empty(await EntriesAfterAsync(before));
    }

    [Fact]
    public async Task The_host_runs_with_the_configured_key_ring()
    {
        var protector = app.Services.GetRequiredService<PersonalDataProtector>();

        Assert.Equal(TestPrivacyKeys.CurrentKeyId, protector.CurrentKeyId);
    }

    private async Task<(PersonalDataItem Item, string Ciphertext)> ResidentAsync()
    {
        var path = await app.WithDbAsync(db => db.Units.IgnoreQueryFilters().Where(u => u.Code == CommunityCode).Select(u => u.Path).SingleAsync());
        var ciphertext = app.Services.GetRequiredService<PersonalDataProtector>().Encrypt(Field, "32010619900101123X");
        return (new PersonalDataItem("resident", Guid.NewGuid().ToString("N"), Field, path), ciphertext);
    }

    /// <summary>Runs in a fresh scope acting as the named demo user, as a request of theirs would.</summary>
    private async Task<T> AsAsync<T>(string userName, Func<PersonalDataAccess, Task<T>> work)
    {
        var account = app.Account(userName);
        var userId = await app.WithDbAsync(db => db.Users.Where(u => u.UserName == userName).Select(u => u.Id).SingleAsync());
        var principal = new ClaimsPrincipal(new ClaimsIdentity(
            [new Claim(ClaimTypes.NameIdentifier, userId.ToString()), new Claim(ClaimTypes.Name, userName), new Claim(ClaimTypes.Role, account.Role)],
            "test"));
        await using var scope = app.Services.CreateAsyncScope();
        var actor = scope.ServiceProvider.GetRequiredService<CurrentActor>();
        actor.Set(principal, "10.0.0.9");
        await actor.LoadAsync();
        return await work(scope.ServiceProvider.GetRequiredService<PersonalDataAccess>());
    }

    private async Task<long> MaxSequenceAsync() =>
        await app.WithDbAsync(db => db.AuditEntries.IgnoreQueryFilters().MaxAsync(e => (long?)e.Sequence)) ?? 0;

    private Task<List<AuditEntry>> EntriesAfterAsync(long sequence) =>
        app.WithDbAsync(db => db.AuditEntries.IgnoreQueryFilters().Where(e => e.Sequence > sequence).OrderBy(e => e.Sequence).ToListAsync());
}
