using ChatBot.ServiceDefaults;

namespace ChatBot.ApiService.Security;

/// <summary>
/// The security events an operator watches for, in one log category (this class's), each with the user id
/// where there is one and the client's address; never a password, a token or a message text.
/// <para>
/// A refusal that a client can repeat in a loop (a quota hit, access refused, a throttled sign-in) is logged
/// in full the first time in a <see cref="RepeatWindow"/>; the repeats of the same refusal of the same person
/// (or address) are counted, and the count logged once the window is over: a looping client writes a line or
/// two a minute, not thousands.
/// </para>
/// </summary>
public sealed partial class SecurityEvents : IDisposable
{
    public static readonly TimeSpan RepeatWindow = TimeSpan.FromMinutes(1);

    private readonly ILogger<SecurityEvents> _logger;
    private readonly TimeProvider _time;
    private readonly Dictionary<(string Event, string Who, string What), Run> _runs = [];
    private readonly ITimer _sweeper;

    public SecurityEvents(ILogger<SecurityEvents> logger, TimeProvider time)
    {
        _logger = logger;
        _time = time;
        _sweeper = time.CreateTimer(_ => EndRuns(all: false), null, RepeatWindow, RepeatWindow);
    }

    /// <summary>The client as the API sees it: the browser's address when the web front end forwards it.</summary>
    public static string ClientOf(HttpContext? http) => http.ClientAddress() ?? "unknown";

    [LoggerMessage(EventId = 1001, Level = LogLevel.Information, Message = "Sign-in succeeded: user {UserId} from {ClientAddress}, session {SessionId}")]
    public partial void SignInSucceeded(string userId, string clientAddress, Guid sessionId);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Warning, Message = "Sign-in failed: user {UserId} from {ClientAddress}")]
    public partial void SignInFailed(string userId, string clientAddress);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Warning, Message = "Sign-in refused, too many failures: user {UserId} from {ClientAddress}")]
    public partial void SignInLockedOut(string userId, string clientAddress);

    public void SignInThrottled(string limit, string clientAddress)
    {
        if (IsFirstInRun(nameof(SignInThrottled), clientAddress, limit, clientAddress))
        {
            LogSignInThrottled(limit, clientAddress);
        }
    }

    [LoggerMessage(EventId = 1010, Level = LogLevel.Warning, Message = "Token refused: {Reason}; user {UserId}, session {SessionId}, from {ClientAddress}")]
    public partial void TokenRefused(string reason, string userId, string sessionId, string clientAddress);

    [LoggerMessage(EventId = 1011, Level = LogLevel.Warning, Message = "Refresh token used twice: session {SessionId} of user {UserId} revoked, from {ClientAddress}")]
    public partial void RefreshTokenReused(Guid sessionId, string userId, string clientAddress);

    [LoggerMessage(EventId = 1012, Level = LogLevel.Information, Message = "Sessions ended ({Reason}): {Count} of user {UserId}, from {ClientAddress}")]
    public partial void SessionsEnded(string reason, int count, string userId, string clientAddress);

    public void ConversationAccessRefused(string userId, Guid conversationId, string clientAddress)
    {
        if (IsFirstInRun(nameof(ConversationAccessRefused), userId, conversationId.ToString(), clientAddress))
        {
            LogConversationAccessRefused(userId, conversationId, clientAddress);
        }
    }

    public void HubConnectionRefused(string reason, string userId, string clientAddress)
    {
        if (IsFirstInRun(nameof(HubConnectionRefused), userId, reason, clientAddress))
        {
            LogHubConnectionRefused(reason, userId, clientAddress);
        }
    }

    public void QuotaHit(string quota, string userId, string clientAddress)
    {
        if (IsFirstInRun(nameof(QuotaHit), userId, quota, clientAddress))
        {
            LogQuotaHit(quota, userId, clientAddress);
        }
    }

    public void Dispose()
    {
        _sweeper.Dispose();
        EndRuns(all: true);
    }

    /// <returns>Whether the event starts a run (log it); otherwise it is counted in the run it repeats.</returns>
    private bool IsFirstInRun(string @event, string who, string what, string clientAddress)
    {
        var now = _time.GetUtcNow();
        var key = (@event, who, what);
        lock (_runs)
        {
            if (_runs.TryGetValue(key, out var run))
            {
                if (now - run.Since < RepeatWindow)
                {
                    run.Repeats++;
                    return false;
                }

                End(key, run);
            }

            _runs[key] = new Run(now, clientAddress);
            return true;
        }
    }

    /// <summary>Logs the count of every run whose window is over (or of every run), and forgets them.</summary>
    private void EndRuns(bool all)
    {
        var now = _time.GetUtcNow();
        lock (_runs)
        {
            foreach (var (key, run) in _runs.Where(r => all || now - r.Value.Since >= RepeatWindow).ToList())
            {
                End(key, run);
            }
        }
    }

    private void End((string Event, string Who, string What) key, Run run)
    {
        _runs.Remove(key);
        if (run.Repeats > 0)
        {
            LogRepeated(key.Event, key.Who, key.What, run.Repeats, (int)RepeatWindow.TotalSeconds, run.ClientAddress);
        }
    }

    [LoggerMessage(EventId = 1004, Level = LogLevel.Warning, Message = "Sign-in throttled: the {Limit} limit, from {ClientAddress}")]
    private partial void LogSignInThrottled(string limit, string clientAddress);

    [LoggerMessage(EventId = 1020, Level = LogLevel.Warning, Message = "Access refused: user {UserId} to conversation {ConversationId}, from {ClientAddress}")]
    private partial void LogConversationAccessRefused(string userId, Guid conversationId, string clientAddress);

    [LoggerMessage(EventId = 1021, Level = LogLevel.Warning, Message = "Hub connection refused: {Reason}; user {UserId}, from {ClientAddress}")]
    private partial void LogHubConnectionRefused(string reason, string userId, string clientAddress);

    [LoggerMessage(EventId = 1030, Level = LogLevel.Warning, Message = "Quota hit: {Quota} of user {UserId}, from {ClientAddress}")]
    private partial void LogQuotaHit(string quota, string userId, string clientAddress);

    [LoggerMessage(EventId = 1040, Level = LogLevel.Warning, Message = "Repeated {Count} more times within {Seconds} s of the first: {Event} of {Who} ({What}), from {ClientAddress}")]
    private partial void LogRepeated(string @event, string who, string what, int count, int seconds, string clientAddress);

    private sealed class Run(DateTimeOffset since, string clientAddress)
    {
        public DateTimeOffset Since { get; } = since;

        public string ClientAddress { get; } = clientAddress;

        public int Repeats { get; set; }
    }
}
