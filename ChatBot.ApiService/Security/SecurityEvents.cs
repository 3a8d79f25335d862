using ChatBot.ServiceDefaults;

namespace ChatBot.ApiService.Security;

/// <summary>
/// The security events an operator watches for, in one log category (this class's), each with the user id
/// where there is one and the client's address; never a password, a token or a message text.
/// </summary>
public sealed partial class SecurityEvents(ILogger<SecurityEvents> logger)
{
    /// <summary>The client as the API sees it: the browser's address when the web front end forwards it.</summary>
    public static string ClientOf(HttpContext? http) => http.ClientAddress() ?? "unknown";

    [LoggerMessage(EventId = 1001, Level = LogLevel.Information, Message = "Sign-in succeeded: user {UserId} from {ClientAddress}, session {SessionId}")]
    public partial void SignInSucceeded(string userId, string clientAddress, Guid sessionId);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Warning, Message = "Sign-in failed: user {UserId} from {ClientAddress}")]
    public partial void SignInFailed(string userId, string clientAddress);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Warning, Message = "Sign-in refused, too many failures: user {UserId} from {ClientAddress}")]
    public partial void SignInLockedOut(string userId, string clientAddress);

    [LoggerMessage(EventId = 1004, Level = LogLevel.Warning, Message = "Sign-in throttled: the {Limit} limit, from {ClientAddress}")]
    public partial void SignInThrottled(string limit, string clientAddress);

    [LoggerMessage(EventId = 1010, Level = LogLevel.Warning, Message = "Token refused: {Reason}; user {UserId}, session {SessionId}, from {ClientAddress}")]
    public partial void TokenRefused(string reason, string userId, string sessionId, string clientAddress);

    [LoggerMessage(EventId = 1011, Level = LogLevel.Warning, Message = "Refresh token used twice: session {SessionId} of user {UserId} revoked, from {ClientAddress}")]
    public partial void RefreshTokenReused(Guid sessionId, string userId, string clientAddress);

    [LoggerMessage(EventId = 1012, Level = LogLevel.Information, Message = "Sessions ended ({Reason}): {Count} of user {UserId}, from {ClientAddress}")]
    public partial void SessionsEnded(string reason, int count, string userId, string clientAddress);

    [LoggerMessage(EventId = 1020, Level = LogLevel.Warning, Message = "Access refused: user {UserId} to conversation {ConversationId}, from {ClientAddress}")]
    public partial void ConversationAccessRefused(string userId, Guid conversationId, string clientAddress);

    [LoggerMessage(EventId = 1021, Level = LogLevel.Warning, Message = "Hub connection refused: {Reason}; user {UserId}, from {ClientAddress}")]
    public partial void HubConnectionRefused(string reason, string userId, string clientAddress);

    [LoggerMessage(EventId = 1030, Level = LogLevel.Warning, Message = "Quota hit: {Quota} of user {UserId}, from {ClientAddress}")]
    public partial void QuotaHit(string quota, string userId, string clientAddress);
}
