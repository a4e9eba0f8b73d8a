using Fengqiao.Kernel.Data;
using Fengqiao.Kernel.Privacy;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Fengqiao.Tests.Kernel.Privacy;

/// <summary>AES-256-GCM field encryption with a key ring, blind indexes, and the checks of the Privacy section.</summary>
public class PersonalDataProtectorTests
{
    private const string Field = "residents.identity_number";

    private static readonly string KeyA = PrivacyKeys.NewKey();
    private static readonly string KeyB = PrivacyKeys.NewKey();
    private static readonly string BlindKey = PrivacyKeys.NewKey();

    internal static PrivacyOptions Options(string current = "a", bool withA = true, string? blindKey = null)
    {
        var options = new PrivacyOptions { CurrentKeyId = current, BlindIndexKey = blindKey ?? BlindKey };
        if (withA)
        {
            options.Keys["a"] = KeyA;
        }

        options.Keys["b"] = KeyB;
        return options;
    }

    private static PersonalDataProtector Protector(string current = "a", bool withA = true) => new(Options(current, withA));

    [Fact]
    public void A_value_round_trips_and_is_written_as_version_key_and_payload()
    {
        var protector = Protector();

        var ciphertext = protector.Encrypt(Field, "32010619900101123X");

        Assert.Matches("^v1\\.a\\.[A-Za-z0-9_-]+$", ciphertext);
        Assert.DoesNotContain("123X", ciphertext, StringComparison.Ordinal);
        Assert.Equal("32010619900101123X", protector.Decrypt(Field, ciphertext));
        Assert.True(PersonalDataProtector.IsProtected(ciphertext));
        Assert.False(PersonalDataProtector.IsProtected("32010619900101123X"));
    }

    [Fact]
    public void Encrypting_the_same_value_twice_gives_different_ciphertexts() =>
        Assert.NotEqual(Protector().Encrypt(Field, "13812345678"), Protector().Encrypt(Field, "13812345678"));

    [Fact]
    public void Unicode_and_empty_values_round_trip()
    {
        var protector = Protector();

        Assert.Equal("宜兴市宜城街道人民南路88号", protector.Decrypt("address", protector.Encrypt("address", "宜兴市宜城街道人民南路88号")));
        Assert.Equal("", protector.Decrypt("address", protector.Encrypt("address", "")));
    }

    [Fact]
    public void A_ciphertext_moved_to_another_column_does_not_decrypt()
    {
        var protector = Protector();
        var ciphertext = protector.Encrypt("residents.phone", "13812345678");

        var failure = Assert.Throws<PersonalDataCryptoException>(() => protector.Decrypt("residents.emergency_phone", ciphertext));

        Assert.Contains("校验失败", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_tampered_ciphertext_is_refused_clearly()
    {
        var protector = Protector();
        var ciphertext = protector.Encrypt(Field, "32010619900101123X");
        var payload = ciphertext[5..].ToCharArray();
        payload[10] = payload[10] == 'A' ? 'B' : 'A';
        var tampered = "v1.a." + new string(payload);

        var failure = Assert.Throws<PersonalDataCryptoException>(() => protector.Decrypt(Field, tampered));

        Assert.Contains("篡改", failure.Message, StringComparison.Ordinal);
        Assert.Equal(Field, failure.Field);
    }

    [Fact]
    public void Relabelling_a_ciphertext_with_another_key_id_is_refused()
    {
        var protector = Protector();
        var ciphertext = protector.Encrypt(Field, "13812345678");

        Assert.Throws<PersonalDataCryptoException>(() => protector.Decrypt(Field, "v1.b." + ciphertext[5..]));
    }

    [Theory]
    [InlineData("")]
    [InlineData("13812345678")]
    [InlineData("v1.a")]
    [InlineData("v2.a.AAAA")]
    [InlineData("v1.a.!!!!")]
    [InlineData("v1.a.AAAA")]
    [InlineData("v1.a b.AAAA")]
    public void Malformed_values_are_refused(string text) =>
        Assert.Throws<PersonalDataCryptoException>(() => Protector().Decrypt(Field, text));

    [Fact]
    public void Values_under_an_older_key_still_decrypt_and_need_rotation()
    {
        var old = Protector(current: "a").Encrypt(Field, "320282198503151238");
        var rotated = Protector(current: "b");

        Assert.Equal("320282198503151238", rotated.Decrypt(Field, old));
        Assert.True(rotated.NeedsRotation(old));
        var reencrypted = rotated.Reencrypt(Field, old);
        Assert.StartsWith("v1.b.", reencrypted, StringComparison.Ordinal);
        Assert.False(rotated.NeedsRotation(reencrypted));
        Assert.Same(reencrypted, rotated.Reencrypt(Field, reencrypted));
    }

    [Fact]
    public void A_value_under_a_key_removed_from_the_ring_names_the_missing_key()
    {
        var old = Protector(current: "a").Encrypt(Field, "320282198503151238");

        var failure = Assert.Throws<PersonalDataCryptoException>(() => Protector(current: "b", withA: false).Decrypt(Field, old));

        Assert.Contains("“a”", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Blind_indexes_are_stable_across_encryption_key_rotation_and_differ_by_field_and_value()
    {
        var before = Protector(current: "a").BlindIndex(Field, "320282198503151238");
        var after = Protector(current: "b").BlindIndex(Field, "320282198503151238");

        Assert.Equal(before, after);
        Assert.Matches("^[A-Za-z0-9_-]{43}$", before);
        Assert.NotEqual(before, Protector().BlindIndex("residents.phone", "320282198503151238"));
        Assert.NotEqual(before, Protector().BlindIndex(Field, "32028219850315123X"));
        Assert.NotEqual(before, new PersonalDataProtector(Options(blindKey: PrivacyKeys.NewKey())).BlindIndex(Field, "320282198503151238"));
    }

    [Fact]
    public void New_keys_are_base64_of_32_random_bytes()
    {
        var key = PrivacyKeys.NewKey();

        Assert.Equal(32, Convert.FromBase64String(key).Length);
        Assert.NotEqual(key, PrivacyKeys.NewKey());
    }

    [Fact]
    public void A_complete_section_is_valid() =>
        Assert.True(new PrivacyOptionsValidator(new PrivacyEnvironment("Production")).Validate(null, Options()).Succeeded);

    [Fact]
    public void Production_without_keys_fails_naming_the_keys_to_configure()
    {
        var result = new PrivacyOptionsValidator(new PrivacyEnvironment("Production")).Validate(null, new PrivacyOptions());

        Assert.True(result.Failed);
        Assert.Contains("生产环境必须配置", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("Privacy:CurrentKeyId", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Each_problem_of_a_broken_section_is_reported()
    {
        var options = new PrivacyOptions { CurrentKeyId = "c", BlindIndexKey = "too-short" };
        options.Keys["a.b"] = KeyA;
        options.Keys["short"] = Convert.ToBase64String(new byte[16]);

        var failures = new PrivacyOptionsValidator(new PrivacyEnvironment("Production")).Validate(null, options).Failures!.ToList();

        Assert.Contains(failures, f => f.Contains("“a.b”无效", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("Privacy:Keys:short", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("“c”不在 Privacy:Keys 中", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("Privacy:BlindIndexKey", StringComparison.Ordinal));
    }

    [Fact]
    public void Outside_production_missing_keys_are_generated_once_into_the_data_folder_and_reused()
    {
        var directory = Path.Combine(Path.GetTempPath(), "fengqiao-privacy-" + Guid.NewGuid().ToString("N"));
        try
        {
            var first = Configure(directory, "Development");
            var second = Configure(directory, "Development");

            var file = Path.Combine(directory, PrivacyOptions.GeneratedKeyFileName);
            Assert.True(File.Exists(file));
            if (!OperatingSystem.IsWindows())
            {
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
            }

            Assert.True(new PrivacyOptionsValidator(new PrivacyEnvironment("Development")).Validate(null, first).Succeeded);
            Assert.Equal(first.CurrentKeyId, second.CurrentKeyId);
            Assert.Equal(first.Keys, second.Keys);
            Assert.Equal(first.BlindIndexKey, second.BlindIndexKey);
            var ciphertext = new PersonalDataProtector(first).Encrypt(Field, "13812345678");
            Assert.Equal("13812345678", new PersonalDataProtector(second).Decrypt(Field, ciphertext));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void Production_and_configured_keys_never_generate_a_file()
    {
        var directory = Path.Combine(Path.GetTempPath(), "fengqiao-privacy-" + Guid.NewGuid().ToString("N"));

        var production = Configure(directory, "Production");
        var configured = Configure(directory, "Development", Options());

        Assert.True(production.IsEmpty);
        Assert.Equal("a", configured.CurrentKeyId);
        Assert.False(Directory.Exists(directory));
    }

    private static PrivacyOptions Configure(string directory, string environment, PrivacyOptions? options = null)
    {
        options ??= new PrivacyOptions();
        var generator = new GeneratedDevelopmentKeys(
            new PrivacyEnvironment(environment),
            Microsoft.Extensions.Options.Options.Create(new DatabaseOptions { DataDirectory = directory }),
            NullLogger<GeneratedDevelopmentKeys>.Instance);
        generator.PostConfigure(Microsoft.Extensions.Options.Options.DefaultName, options);
        return options;
    }
}
