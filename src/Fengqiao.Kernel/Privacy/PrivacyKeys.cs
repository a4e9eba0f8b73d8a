using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Fengqiao.Kernel.Data;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Fengqiao.Kernel.Privacy;

/// <summary>Creates and checks key material.</summary>
public static partial class PrivacyKeys
{
    public const int KeyBytes = 32;

    /// <summary>A fresh random 256-bit key, base64, for Privacy:Keys or Privacy:BlindIndexKey.</summary>
    public static string NewKey() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(KeyBytes));

    /// <summary>A key id for a new key, e.g. "k20261126".</summary>
    public static string NewKeyId(DateTimeOffset now) => "k" + now.ToString("yyyyMMddHHmm", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Key ids appear in every ciphertext between dots, so they are short and plain.</summary>
    public static bool IsValidKeyId(string? id) => id is not null && KeyId().IsMatch(id);

    /// <summary>The 32 bytes of a base64 key, or null when the text is not that.</summary>
    public static byte[]? Decode(string? base64)
    {
        if (string.IsNullOrWhiteSpace(base64))
        {
            return null;
        }

        var buffer = new byte[KeyBytes + 3];
        return Convert.TryFromBase64String(base64.Trim(), buffer, out var written) && written == KeyBytes ? buffer[..KeyBytes] : null;
    }

    [GeneratedRegex("^[A-Za-z0-9_-]{1,32}$")]
    private static partial Regex KeyId();
}

/// <summary>Names the host environment for the privacy set-up (the CLI has no <c>IHostEnvironment</c>).</summary>
internal sealed record PrivacyEnvironment(string Name)
{
    public bool IsProduction => string.Equals(Name, "Production", StringComparison.OrdinalIgnoreCase);
}

/// <summary>
/// Outside Production, when no key at all is configured, keys are generated once into
/// Database:DataDirectory/privacy-keys.json and read from there on later starts, with a warning each time. A
/// development installation thus keeps its data readable across restarts without any set-up; Production refuses to
/// start instead (see <see cref="PrivacyOptionsValidator"/>).
/// </summary>
internal sealed class GeneratedDevelopmentKeys(
    PrivacyEnvironment environment, IOptions<DatabaseOptions> database, ILogger<GeneratedDevelopmentKeys> logger)
    : IPostConfigureOptions<PrivacyOptions>
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public void PostConfigure(string? name, PrivacyOptions options)
    {
        if (!options.IsEmpty || environment.IsProduction)
        {
            return;
        }

        var path = Path.GetFullPath(Path.Combine(database.Value.DataDirectory, PrivacyOptions.GeneratedKeyFileName));
        var loaded = LoadOrCreate(path, DateTimeOffset.UtcNow, out var created);
        options.Keys = new Dictionary<string, string>(loaded.Keys, StringComparer.Ordinal);
        options.CurrentKeyId = loaded.CurrentKeyId;
        options.BlindIndexKey = loaded.BlindIndexKey;
        logger.LogWarning(
            "No Privacy keys are configured; using keys {Action} {Path} (environment {Environment}). Configure Privacy:Keys, Privacy:CurrentKeyId and Privacy:BlindIndexKey before real personal data is stored.",
            created ? "generated into" : "from", path, environment.Name);
    }

    /// <summary>Reads the key file, or writes a new one (readable by the owner only) when there is none.</summary>
    internal static PrivacyOptions LoadOrCreate(string path, DateTimeOffset now, out bool created)
    {
        if (File.Exists(path))
        {
            created = false;
            var root = JsonNode.Parse(File.ReadAllText(path))?[PrivacyOptions.Section]
                ?? throw new InvalidOperationException($"密钥文件 {path} 中没有 {PrivacyOptions.Section} 节。");
            return root.Deserialize<PrivacyOptions>() ?? new PrivacyOptions();
        }

        var keyId = PrivacyKeys.NewKeyId(now);
        var generated = new PrivacyOptions
        {
            Keys = new Dictionary<string, string>(StringComparer.Ordinal) { [keyId] = PrivacyKeys.NewKey() },
            CurrentKeyId = keyId,
            BlindIndexKey = PrivacyKeys.NewKey(),
        };
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var json = JsonSerializer.Serialize(new Dictionary<string, PrivacyOptions> { [PrivacyOptions.Section] = generated }, Indented);
        var temporary = path + ".tmp";
        File.WriteAllText(temporary, json);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(temporary, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        try
        {
            // Two processes starting at once: the first file written wins and both use it.
            File.Move(temporary, path, overwrite: false);
            created = true;
            return generated;
        }
        catch (IOException) when (File.Exists(path))
        {
            File.Delete(temporary);
            return LoadOrCreate(path, now, out created);
        }
    }
}

/// <summary>Start-up check of the Privacy section: every key well formed, the current key present, a blind-index key.</summary>
internal sealed class PrivacyOptionsValidator(PrivacyEnvironment environment) : IValidateOptions<PrivacyOptions>
{
    public ValidateOptionsResult Validate(string? name, PrivacyOptions options)
    {
        if (options.IsEmpty)
        {
            return ValidateOptionsResult.Fail(environment.IsProduction
                ? "生产环境必须配置个人信息加密密钥：Privacy:Keys、Privacy:CurrentKeyId 和 Privacy:BlindIndexKey（密钥可用 fengqiao privacy new-key 生成）。"
                : "未配置个人信息加密密钥（Privacy:Keys、Privacy:CurrentKeyId、Privacy:BlindIndexKey）。");
        }

        var failures = new List<string>();
        if (options.Keys.Count == 0)
        {
            failures.Add("Privacy:Keys 至少要有一个密钥。");
        }

        foreach (var (id, key) in options.Keys)
        {
            if (!PrivacyKeys.IsValidKeyId(id))
            {
                failures.Add($"Privacy:Keys 中的密钥编号“{id}”无效：只能由 1 到 32 个字母、数字、下划线或短横线组成。");
            }

            if (PrivacyKeys.Decode(key) is null)
            {
                failures.Add($"Privacy:Keys:{id} 应为 32 字节随机数的 base64 编码（fengqiao privacy new-key 生成）。");
            }
        }

        if (string.IsNullOrWhiteSpace(options.CurrentKeyId))
        {
            failures.Add("必须配置 Privacy:CurrentKeyId（新数据用哪个密钥加密）。");
        }
        else if (!options.Keys.ContainsKey(options.CurrentKeyId))
        {
            failures.Add($"Privacy:CurrentKeyId“{options.CurrentKeyId}”不在 Privacy:Keys 中。");
        }

        if (PrivacyKeys.Decode(options.BlindIndexKey) is null)
        {
            failures.Add("Privacy:BlindIndexKey 应为 32 字节随机数的 base64 编码（fengqiao privacy new-key 生成）。");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
