namespace Fengqiao.Web.Platform.Demo;

/// <summary>What the demo seeding of this process created (empty when the database was already seeded).</summary>
internal sealed class DemoSeedResult
{
    public IReadOnlyList<DemoAccount> Accounts { get; set; } = [];
}
