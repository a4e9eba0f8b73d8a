using System.CommandLine;
using Fengqiao.Kernel.Privacy;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Fengqiao.Cli.Commands;

/// <summary>
/// <c>fengqiao privacy new-key</c> prints a fresh key for configuration; <c>fengqiao privacy rotate-keys</c> moves every
/// encrypted personal-data value onto Privacy:CurrentKeyId; <c>fengqiao privacy rekey-blind-index</c> recomputes every
/// blind index under a new Privacy:BlindIndexKey (ADR 0010, docs/operations.md).
/// </summary>
internal static class PrivacyCommands
{
    public static Command Create(CliContext context)
    {
        var privacy = new Command("privacy", "个人信息保护：生成密钥、轮换密钥、更换盲索引密钥。");
        CliContext.ShowHelpWhenBare(privacy);
        privacy.Subcommands.Add(NewKeyCommand(context));
        privacy.Subcommands.Add(RotateKeysCommand(context));
        privacy.Subcommands.Add(RekeyBlindIndexCommand(context));
        return privacy;
    }

    private static Command RekeyBlindIndexCommand(CliContext context)
    {
        var newKey = new Option<string?>("--new-key") { Description = "新的盲索引密钥（base64）；不给则用配置中的 Privacy:BlindIndexKey（推荐：先改配置，再运行本命令）", HelpName = "KEY" };
        var oldKey = new Option<string?>("--old-key") { Description = "原来的盲索引密钥（可选）：用于核对，统计既不在新密钥也不在旧密钥下的索引", HelpName = "KEY" };
        var command = new Command(
            "rekey-blind-index",
            "更换 Privacy:BlindIndexKey 后，用新密钥重新计算所有盲索引（身份证号、电话的精确查询依赖它们）。每批 500 条、每批一个事务，可中断后重复运行，已是新密钥的索引不变。"
            + "运行期间请停止 Web 节点，完成后再以新密钥启动。")
        {
            newKey, oldKey,
        };
        context.SetAction(command, (parseResult, cancellationToken) =>
            CliHost.InSystemScopeAsync(context.Settings(parseResult), async services =>
            {
                await CliHost.EnsureMigratedAsync(services, cancellationToken);
                BlindIndexRekeying rekeying;
                string configuredKey;
                try
                {
                    rekeying = services.GetRequiredService<BlindIndexRekeying>();
                    configuredKey = services.GetRequiredService<IOptions<PrivacyOptions>>().Value.BlindIndexKey!;
                }
                catch (OptionsValidationException invalid)
                {
                    throw new CliFailure(ExitCodes.Refused, "个人信息加密密钥配置有误：", [.. invalid.Failures]);
                }

                var console = context.Console;
                BlindIndexRekeyResult result;
                try
                {
                    result = await console.StatusAsync("正在重新计算盲索引…", status =>
                        rekeying.RekeyAsync(
                            parseResult.GetValue(newKey) ?? configuredKey, parseResult.GetValue(oldKey),
                            new SyncProgress<int>(count => status.Update($"已检查 {count:N0} 条记录…")), BlindIndexRekeying.DefaultBatchSize, cancellationToken));
                }
                catch (ArgumentException invalid)
                {
                    throw new CliFailure(ExitCodes.InvalidInput, invalid.Message.Split(" (Parameter", 2)[0]);
                }

                foreach (var store in result.Stores)
                {
                    console.Line($"  {store.Store}：检查 {store.RowsExamined} 条记录，重算 {store.IndexesRewritten} 个索引，{store.IndexesAlreadyCurrent} 个已是新密钥");
                }

                console.Line($"合计：检查 {result.RowsExamined} 条记录，重算 {result.IndexesRewritten} 个索引，{result.IndexesAlreadyCurrent} 个已是新密钥。");
                if (result.OldKeyChecked && result.IndexesUnrecognised > 0)
                {
                    console.Line($"注意：{result.IndexesUnrecognised} 个原索引既不是旧密钥也不是新密钥算出的（已按新密钥重算）。");
                }

                if (parseResult.GetValue(newKey) is { } given && given.Trim() != configuredKey?.Trim())
                {
                    console.Line("请把 Privacy:BlindIndexKey 改为新密钥后再启动 Web 节点，否则按身份证号、电话的精确查询将找不到记录。");
                }

                return ExitCodes.Ok;
            }));
        return command;
    }

    private static Command NewKeyCommand(CliContext context)
    {
        var command = new Command("new-key", "生成一个新的 256 位随机密钥（base64），用于 Privacy:Keys:<编号> 或 Privacy:BlindIndexKey。只输出密钥本身，便于脚本使用。");
        context.SetAction(command, (_, _) =>
        {
            context.Console.Line(PrivacyKeys.NewKey());
            return Task.FromResult(ExitCodes.Ok);
        });
        return command;
    }

    private static Command RotateKeysCommand(CliContext context)
    {
        var command = new Command(
            "rotate-keys",
            "把所有加密的个人信息改用 Privacy:CurrentKeyId 指定的密钥重新加密（每批 500 条，可重复运行）。"
            + "步骤：用 new-key 生成新密钥，加入 Privacy:Keys，把 CurrentKeyId 改为新编号，运行本命令，完成后才能删除旧密钥。");
        context.SetAction(command, (parseResult, cancellationToken) =>
            CliHost.InSystemScopeAsync(context.Settings(parseResult), async services =>
            {
                await CliHost.EnsureMigratedAsync(services, cancellationToken);
                KeyRotation rotation;
                try
                {
                    rotation = services.GetRequiredService<KeyRotation>();
                }
                catch (OptionsValidationException invalid)
                {
                    throw new CliFailure(ExitCodes.Refused, "个人信息加密密钥配置有误：", [.. invalid.Failures]);
                }

                var console = context.Console;
                var result = await console.StatusAsync("正在轮换个人信息加密密钥…", status =>
                    rotation.RotateAsync(new SyncProgress<int>(count => status.Update($"已检查 {count:N0} 条记录…")), KeyRotation.DefaultBatchSize, cancellationToken));

                console.Line($"当前密钥：{result.CurrentKeyId}");
                foreach (var store in result.Stores)
                {
                    console.Line($"  {store.Store}：检查 {store.RowsExamined} 条记录，重新加密 {store.ValuesReencrypted} 个值，{store.ValuesAlreadyCurrent} 个已是当前密钥");
                }

                console.Line($"合计：检查 {result.RowsExamined} 条记录，重新加密 {result.ValuesReencrypted} 个值，{result.ValuesAlreadyCurrent} 个已是当前密钥。");
                if (result.Stores.Count == 0)
                {
                    console.Line("（尚无模块登记加密的个人信息。）");
                }

                return ExitCodes.Ok;
            }));
        return command;
    }
}
