namespace Fengqiao.Cli;

/// <summary>Stops a command with a message for the operator and the exit code that describes why.</summary>
internal sealed class CliFailure(int exitCode, string message, IReadOnlyList<string>? details = null) : Exception(message)
{
    public int ExitCode { get; } = exitCode;

    /// <summary>Further lines printed under the message, e.g. one per invalid line of a file.</summary>
    public IReadOnlyList<string> Details { get; } = details ?? [];
}
