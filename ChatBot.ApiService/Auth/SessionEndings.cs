namespace ChatBot.ApiService.Auth;

/// <summary>
/// Tells this replica's parts that sessions have ended — their cached checks are dropped, their hub
/// connections closed — and, when replicas share Redis, every other replica too.
/// </summary>
public sealed partial class SessionEndings(ILogger<SessionEndings> logger)
{
    public event Action<Guid>? Ended;

    /// <summary>How the news reaches the other replicas; null when this one is alone.</summary>
    internal Func<IReadOnlyCollection<Guid>, Task>? Broadcast { get; set; }

    public async Task AnnounceAsync(IReadOnlyCollection<Guid> sessionIds)
    {
        if (sessionIds.Count == 0)
        {
            return;
        }

        Notify(sessionIds);
        if (Broadcast is { } broadcast)
        {
            try
            {
                await broadcast(sessionIds);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // The other replicas' cached checks lapse within seconds; their hub connections close when their access token expires.
                LogBroadcastFailed(logger, exception, sessionIds.Count);
            }
        }
    }

    internal void Notify(IEnumerable<Guid> sessionIds)
    {
        foreach (var sessionId in sessionIds)
        {
            Ended?.Invoke(sessionId);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Telling the other replicas that {Count} session(s) ended failed")]
    private static partial void LogBroadcastFailed(ILogger logger, Exception exception, int count);
}
