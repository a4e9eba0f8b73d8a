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

    /// <summary>
    /// Runs long work with a progress bar (Spectre.Console) when a person watches a terminal; otherwise the work's
    /// progress is written as a plain line at most every two seconds. The work reports (description, done, total).
    /// </summary>
    public async Task<T> ProgressAsync<T>(string initial, Func<IProgress<(string Description, int Done, int Total)>, Task<T>> work)
    {
        if (!IsInteractive)
        {
            Line(initial);
            var status = new PlainStatus(this);
            return await work(new SyncProgress<(string Description, int Done, int Total)>(p =>
                status.Update(p.Total > 0 ? $"{p.Description} {p.Done:N0} / {p.Total:N0}" : $"{p.Description} {p.Done:N0}")));
        }

        return await _ansi.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask(Markup.Escape(initial), maxValue: 1);
                var result = await work(new SyncProgress<(string Description, int Done, int Total)>(p =>
                {
                    task.Description = Markup.Escape(p.Description);
                    task.MaxValue = Math.Max(p.Total, 1);
                    task.Value = p.Total > 0 ? p.Done : 0;
                }));
                task.Value = task.MaxValue;
                return result;
            });
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
