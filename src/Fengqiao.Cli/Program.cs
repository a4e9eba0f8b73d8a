using System.Text;

namespace Fengqiao.Cli;

internal static class Program
{
    public static Task<int> Main(string[] args)
    {
        // Chinese output must survive a Windows console that defaults to a legacy code page.
        Console.OutputEncoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);
        return CliApp.RunAsync(args, Console.Out, Console.Error);
    }
}
