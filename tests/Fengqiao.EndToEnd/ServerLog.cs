using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Fengqiao.EndToEnd;

/// <summary>
/// The host's warnings and errors, kept in memory with a running number, so that a browser test can print what the
/// server complained about while it ran (a circuit torn down by an exception shows in the browser only as a page
/// that no longer answers).
/// </summary>
public sealed class ServerLog : ILoggerProvider
{
    private readonly ConcurrentQueue<Entry> _entries = new();
    private long _next;

    /// <summary>The number the next entry will get: entries from this mark on were logged after it was read.</summary>
    public long Mark => Interlocked.Read(ref _next);

    /// <summary>The entries numbered from <paramref name="mark"/> on, oldest first.</summary>
    public IReadOnlyList<string> Since(long mark) => [.. _entries.Where(e => e.Number >= mark).Select(e => e.Text)];

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private void Add(string text)
    {
        _entries.Enqueue(new Entry(Interlocked.Increment(ref _next) - 1, text));
        // A long run keeps the last thousand; a test reads only what its own run added.
        while (_entries.Count > 1000 && _entries.TryDequeue(out _))
        {
        }
    }

    private sealed record Entry(long Number, string Text);

    private sealed class Logger(ServerLog log, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel))
            {
                return;
            }

            var text = $"{DateTimeOffset.UtcNow:HH:mm:ss.fff} {logLevel} {category}: {formatter(state, exception)}";
            log.Add(exception is null ? text : text + Environment.NewLine + exception);
        }
    }
}
