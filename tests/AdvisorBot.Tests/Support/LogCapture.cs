using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace AdvisorBot.Tests.Support;

/// <summary>Keeps every log line the host writes, to check what it says and, above all, what it
/// never says (tokens, secrets).</summary>
public sealed class LogCapture : ILoggerProvider
{
    private readonly ConcurrentQueue<LogLine> _lines = new();

    public IReadOnlyList<LogLine> Lines => _lines.ToList();

    /// <summary>Each line in full, structured fields and exception included, for text searches.</summary>
    public IReadOnlyList<string> Texts => _lines.Select(line => line.Text).ToList();

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _lines);

    public void Dispose()
    {
    }

    private sealed class Logger(string category, ConcurrentQueue<LogLine> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var fields = state is IEnumerable<KeyValuePair<string, object?>> pairs ? string.Join(" ", pairs.Select(pair => $"{pair.Key}={pair.Value}")) : "";
            lines.Enqueue(new LogLine(logLevel, category, formatter(state, exception), $"{fields} {exception}".Trim()));
        }
    }
}

/// <summary>One log line: level, category, message, and its structured fields and exception.</summary>
public sealed record LogLine(LogLevel Level, string Category, string Message, string Details)
{
    public string Text => $"{Level} {Category}: {Message} {Details}";
}
