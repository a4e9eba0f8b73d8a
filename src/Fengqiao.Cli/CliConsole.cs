using System.Diagnostics;
using Spectre.Console;

namespace Fengqiao.Cli;

/// <summary>
/// Where a command writes: plain lines to <see cref="Output"/> and <see cref="Error"/>, and a Spectre.Console spinner
/// for long work when a person watches a terminal. Redirected output (a script, a log, a test) gets plain lines only.
/// </summary>
internal sealed class CliConsole
{
    /// <summary>Without a terminal, progress is written as a line at most this often.</summary>
    private static readonly TimeSpan PlainProgressInterval = TimeSpan.FromSeconds(2);

    private readonly IAnsiConsole _ansi;

    public CliConsole(TextWriter output, TextWriter error)
    {
        Output = output;
        Error = error;
        IsInteractive = ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected && Environment.UserInteractive;
        _ansi = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output),
            Ansi = IsInteractive ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = IsInteractive ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = IsInteractive ? InteractionSupport.Yes : InteractionSupport.No,
        });
    }

    public TextWriter Output { get; }

    public TextWriter Error { get; }

    public bool IsInteractive { get; }

    public void Line(string text = "") => Output.WriteLine(text);

    public void ErrorLine(string text) => Error.WriteLine(text);

    /// <summary>Runs long work under a status line; the work reports transient progress and permanent steps.</summary>
    public async Task<T> StatusAsync<T>(string initial, Func<IStatusReporter, Task<T>> work)
    {
        if (!IsInteractive)
        {
            Line(initial);
            return await work(new PlainStatus(this));
        }

        return await new Status(_ansi) { Spinner = Spinner.Known.Dots }
            .StartAsync(Markup.Escape(initial), context => work(new LiveStatus(_ansi, context)));
    }

    private sealed class LiveStatus(IAnsiConsole ansi, StatusContext context) : IStatusReporter
    {
        public void Update(string text) => context.Status = Markup.Escape(text);

        public void Step(string line) => ansi.MarkupLine("[green]✓[/] " + Markup.Escape(line));
    }

    private sealed class PlainStatus(CliConsole console) : IStatusReporter
    {
        private readonly Stopwatch _sinceLastLine = Stopwatch.StartNew();

        public void Update(string text)
        {
            if (_sinceLastLine.Elapsed >= PlainProgressInterval)
            {
                console.Line("  " + text);
                _sinceLastLine.Restart();
            }
        }

        public void Step(string line)
        {
            console.Line("  ✓ " + line);
            _sinceLastLine.Restart();
        }
    }
}

/// <summary>Progress of long work: <see cref="Update"/> replaces the status text, <see cref="Step"/> stays on screen.</summary>
internal interface IStatusReporter
{
    void Update(string text);

    void Step(string line);
}
