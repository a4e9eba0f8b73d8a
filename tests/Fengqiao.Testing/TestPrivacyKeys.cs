namespace Fengqiao.Testing;

/// <summary>The Privacy section every test host runs with: two encryption keys (the second current) and a blind-index key.</summary>
public static class TestPrivacyKeys
{
    /// <summary>An older key still in the ring, as after a rotation has been configured.</summary>
    public const string OldKeyId = "test2025";

    public const string CurrentKeyId = "test2026";

    public static IReadOnlyDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>
    {
        [$"Privacy:Keys:{OldKeyId}"] = Convert.ToBase64String(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray()),
        [$"Privacy:Keys:{CurrentKeyId}"] = Convert.ToBase64String(Enumerable.Range(101, 32).Select(i => (byte)i).ToArray()),
        ["Privacy:CurrentKeyId"] = CurrentKeyId,
        ["Privacy:BlindIndexKey"] = Convert.ToBase64String(Enumerable.Range(201, 32).Select(i => (byte)i).ToArray()),
    };
}
