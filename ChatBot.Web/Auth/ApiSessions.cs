using ChatBot.Web.Api;
using Microsoft.Extensions.Caching.Memory;

namespace ChatBot.Web.Auth;

/// <summary>
/// What this front end knows of the API sessions behind its cookies. Whether one is still active is asked of
/// the API at most every <see cref="CheckedFor"/> (at once, when it ended through this front end), so a cookie
/// stops working when its session ends anywhere. Refreshes are shared: requests that arrive together with
/// the same refresh token, or with a cookie from before the last refresh, get the same new tokens, for the
/// API accepts each refresh token only once.
/// </summary>
public sealed partial class ApiSessions(IMemoryCache cache, ILogger<ApiSessions> logger)
{
    public static readonly TimeSpan CheckedFor = TimeSpan.FromSeconds(30);

    /// <summary>How long the new tokens of a refresh answer for the refresh token it spent.</summary>
    private static readonly TimeSpan RefreshSharedFor = TimeSpan.FromMinutes(1);

    public async Task<bool> IsActiveAsync(Guid sessionId, string accessToken, ChatApiClient api, CancellationToken cancellationToken)
    {
        if (cache.TryGetValue(ActiveKey(sessionId), out bool active))
        {
            return active;
        }

        try
        {
            active = await api.GetSessionAsync(accessToken, cancellationToken) is not null;
        }
        catch (HttpRequestException exception)
        {
            // The API is unreachable: the session stays as it is; the next request asks again.
            LogCheckFailed(logger, exception);
            return true;
        }

        cache.Set(ActiveKey(sessionId), active, CheckedFor);
        return active;
    }

    public void Ended(IEnumerable<Guid> sessionIds)
    {
        foreach (var sessionId in sessionIds)
        {
            cache.Set(ActiveKey(sessionId), false, CheckedFor);
        }
    }

    /// <returns>New tokens; null when the API has ended the session.</returns>
    /// <exception cref="HttpRequestException">The API is unreachable.</exception>
    public async Task<ApiTokens?> RefreshAsync(Guid sessionId, string refreshToken, ChatApiClient api)
    {
        var refresh = cache.GetOrCreate(RefreshKey(refreshToken), entry =>
        {
            entry.AbsoluteExpirationRelativeToNow = RefreshSharedFor;
            // Not cancelled with the request that starts it: others may be waiting for it too.
            return new Lazy<Task<ApiTokens?>>(() => api.RefreshAsync(refreshToken, CancellationToken.None));
        })!;
        try
        {
            var tokens = await refresh.Value;
            cache.Set(ActiveKey(sessionId), tokens is not null, CheckedFor);
            return tokens;
        }
        catch (HttpRequestException)
        {
            cache.Remove(RefreshKey(refreshToken));
            throw;
        }
    }

    private static (Type, string, Guid) ActiveKey(Guid sessionId) => (typeof(ApiSessions), "active", sessionId);

    private static (Type, string, string) RefreshKey(string refreshToken) => (typeof(ApiSessions), "refresh", refreshToken);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Asking the API whether a session is active failed; it is taken as active for now")]
    private static partial void LogCheckFailed(ILogger logger, Exception exception);
}
