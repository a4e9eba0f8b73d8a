using System.CommandLine;
using System.Text;
using Fengqiao.Kernel.Calendar;
using Microsoft.Extensions.DependencyInjection;

namespace Fengqiao.Cli.Commands;

/// <summary><c>fengqiao calendar import FILE</c>: a year's statutory holidays from the State Council notice.</summary>
internal static class CalendarCommands
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static Command Create(CliContext context)
    {
        var calendar = new Command("calendar", "工作日历。");
        CliContext.ShowHelpWhenBare(calendar);
        calendar.Subcommands.Add(ImportCommand(context));
        return calendar;
    }

    private static Command ImportCommand(CliContext context)
    {
        var file = new Argument<FileInfo>("FILE")
        {
            Description = "节假日文件：UTF-8 编码的 CSV，每行 date,kind,name，如 2027-01-01,holiday,元旦（kind 为 holiday 放假或 workday 调休上班）",
        };
        var command = new Command("import", "导入节假日：文件中出现的年份整体替换，文件有任何错误则什么都不写入。") { file };
        context.SetAction(command, async (parseResult, cancellationToken) =>
        {
            var path = parseResult.GetRequiredValue(file);
            var parsed = await ReadAsync(path, cancellationToken);
            return await CliHost.InSystemScopeAsync(context.Settings(parseResult), async services =>
            {
                await CliHost.EnsureMigratedAsync(services, cancellationToken);
                var summary = await services.GetRequiredService<CalendarImporter>().ImportAsync(parsed.Days, $"cli:{path.Name}", cancellationToken);
                var console = context.Console;
                console.Line($"已导入 {path.Name}：{summary}。");
                foreach (var year in parsed.Years)
                {
                    var days = parsed.Days.Where(d => d.Date.Year == year).ToList();
                    console.Line($"  {year} 年：放假 {days.Count(d => d.Kind == CalendarDayKind.Holiday)} 天，调休上班 {days.Count(d => d.Kind == CalendarDayKind.Workday)} 天");
                }

                return ExitCodes.Ok;
            });
        });
        return command;
    }

    /// <summary>Reads and checks the whole file before anything touches the database.</summary>
    private static async Task<HolidayFileResult> ReadAsync(FileInfo file, CancellationToken cancellationToken)
    {
        if (!file.Exists)
        {
            throw new CliFailure(ExitCodes.InvalidInput, $"文件不存在：{file.FullName}");
        }

        if (file.Length > HolidayFile.MaxBytes)
        {
            throw new CliFailure(ExitCodes.InvalidInput, $"文件过大（{file.Length:N0} 字节），节假日文件不应超过 {HolidayFile.MaxBytes:N0} 字节。");
        }

        var bytes = await File.ReadAllBytesAsync(file.FullName, cancellationToken);
        string text;
        try
        {
            text = StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException invalid)
        {
            var line = invalid.Index is >= 0 && invalid.Index < bytes.Length ? bytes.AsSpan(0, invalid.Index).Count((byte)'\n') + 1 : 1;
            throw new CliFailure(
                ExitCodes.InvalidInput,
                $"{file.Name} 第 {line} 行不是有效的 UTF-8 编码，文件可能是 GBK（GB2312/GB18030）编码。请用编辑器另存为 UTF-8 后重试；未写入任何数据。");
        }

        var parsed = HolidayFile.Parse(new StringReader(text));
        if (!parsed.IsValid)
        {
            throw new CliFailure(ExitCodes.InvalidInput, $"{file.Name} 有 {parsed.Errors.Count} 处错误，未写入任何数据：", parsed.Errors);
        }

        return parsed;
    }
}
