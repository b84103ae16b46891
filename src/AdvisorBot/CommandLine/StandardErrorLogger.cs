namespace AdvisorBot.CommandLine;

/// <summary>
/// The verbs' log: warnings and errors, one line each ("warning: ...", "error: ..." with the
/// exception's message), on the verb's standard error, so standard output stays the verb's own
/// (JSON lines, answers) and a failure is seen where a person at a terminal looks for it.
/// </summary>
public sealed class StandardErrorLogger(TextWriter stderr) : ILoggerProvider
{
    private readonly Lock _gate = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this);

    public void Dispose()
    {
    }

    private void Write(string line)
    {
        lock (_gate)
            stderr.WriteLine(line);
    }

    private sealed class Logger(StandardErrorLogger provider) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning && logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel))
                return;
            var level = logLevel == LogLevel.Warning ? "warning" : "error";
            var message = formatter(state, exception);
            provider.Write(exception is null ? $"{level}: {message}" : $"{level}: {message}: {exception.Message}");
        }
    }
}
