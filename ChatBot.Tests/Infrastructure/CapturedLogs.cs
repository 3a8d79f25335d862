using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace ChatBot.Tests.Infrastructure;

/// <summary>Everything an app logs, at every level, as text: messages, exceptions and scopes.</summary>
public sealed class CapturedLogs : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _entries = new();

    public IReadOnlyCollection<string> Entries => _entries;

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _entries);

    public void Dispose()
    {
    }

    private sealed class Logger(string category, ConcurrentQueue<string> entries) : ILogger
    {
        private static readonly AsyncLocal<List<object?>> Scopes = new();

        public IDisposable BeginScope<TState>(TState state)
            where TState : notnull
        {
            var scopes = Scopes.Value ??= [];
            scopes.Add(state);
            return new Scope(scopes);
        }

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var scopes = string.Join(" => ", Scopes.Value ?? []);
            entries.Enqueue($"{logLevel} {category} [{scopes}] {formatter(state, exception)} {state} {exception}");
        }

        private sealed class Scope(List<object?> scopes) : IDisposable
        {
            public void Dispose() => scopes.RemoveAt(scopes.Count - 1);
        }
    }
}
