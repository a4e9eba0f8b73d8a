using System.CommandLine;
using Fengqiao.Cases.Open311;
using Microsoft.Extensions.DependencyInjection;

namespace Fengqiao.Cli.Commands;

/// <summary><c>fengqiao cases api-client create|list|revoke</c>: Open311 clients and their keys.</summary>
internal static class CasesCommands
{
    public static Command Create(CliContext context)
    {
        var cases = new Command("cases", "事件：批量导入、Open311 接入方等。");
        CliContext.ShowHelpWhenBare(cases);
        var clients = new Command("api-client", "Open311 接入方（api_key）：创建、列出、吊销。");
        CliContext.ShowHelpWhenBare(clients);
        clients.Subcommands.Add(CreateClientCommand(context));
        clients.Subcommands.Add(ListClientsCommand(context));
        clients.Subcommands.Add(RevokeClientCommand(context));
        cases.Subcommands.Add(clients);
        cases.Subcommands.Add(CaseImportCommands.ImportCommand(context));
        return cases;
    }

    private static Command CreateClientCommand(CliContext context)
    {
        var name = new Option<string>("--name") { Description = "接入方名称，如“宜兴市民通 App”", HelpName = "name", Required = true };
        var unit = new Option<string?>("--unit")
        {
            Description = "默认社区或网格编码：只有地址、没有坐标的请求归入该单位；不给出则拒收此类请求",
            HelpName = "code",
        };
        var command = new Command("create", "创建 Open311 接入方并输出 api_key（只显示这一次；库中只保存其哈希）。") { name, unit };
        context.SetAction(command, (parseResult, cancellationToken) =>
            CliHost.InSystemScopeAsync(context.Settings(parseResult), async services =>
            {
                await CliHost.EnsureMigratedAsync(services, cancellationToken);
                var created = await services.GetRequiredService<ManageApiClients>().CreateAsync(
                    new CreateApiClientRequest(parseResult.GetRequiredValue(name), parseResult.GetValue(unit)), cancellationToken);
                var console = context.Console;
                console.Line($"已创建 Open311 接入方 {created.Client.Name}（编号 {created.Client.Id}，默认单位 {created.Client.DefaultUnitCode ?? "无"}）。");
                console.Line($"api_key（仅显示这一次，请妥善交给接入方）：{created.ApiKey}");
                return ExitCodes.Ok;
            }));
        return command;
    }

    private static Command ListClientsCommand(CliContext context)
    {
        var command = new Command("list", "列出 Open311 接入方（只显示密钥前缀）。");
        context.SetAction(command, (parseResult, cancellationToken) =>
            CliHost.InSystemScopeAsync(context.Settings(parseResult), async services =>
            {
                await CliHost.EnsureMigratedAsync(services, cancellationToken);
                var clients = await services.GetRequiredService<ManageApiClients>().ListAsync(cancellationToken);
                foreach (var c in clients)
                {
                    context.Console.Line($"{c.Id}  {c.KeyPrefix}…  {(c.IsActive ? "有效" : "已吊销")}  {c.DefaultUnitCode ?? "-"}  {c.Name}");
                }

                if (clients.Count == 0)
                {
                    context.Console.Line("（尚无接入方。）");
                }

                return ExitCodes.Ok;
            }));
        return command;
    }

    private static Command RevokeClientCommand(CliContext context)
    {
        var id = new Argument<Guid>("id") { Description = "接入方编号（见 list）" };
        var command = new Command("revoke", "吊销接入方的 api_key：之后的提交一律 403。") { id };
        context.SetAction(command, (parseResult, cancellationToken) =>
            CliHost.InSystemScopeAsync(context.Settings(parseResult), async services =>
            {
                await CliHost.EnsureMigratedAsync(services, cancellationToken);
                await services.GetRequiredService<ManageApiClients>().RevokeAsync(parseResult.GetRequiredValue(id), cancellationToken);
                context.Console.Line("已吊销。");
                return ExitCodes.Ok;
            }));
        return command;
    }
}
