using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace ChatBot.Web.Api;

public sealed record ApiUser(string Id, string UserName, string DisplayName);

/// <summary>A session as the API keeps it: it ends when revoked or at <see cref="ExpiresAt"/>.</summary>
public sealed record ApiSession(Guid Id, DateTimeOffset ExpiresAt, ApiUser User);

internal sealed record EndedSessions(List<Guid> SessionIds);

/// <summary>Proof that a browser has signed in as a person, good until <see cref="ExpiresAt"/>.</summary>
public sealed record DeviceToken(string Token, DateTimeOffset ExpiresAt);

/// <summary>What went wrong, in the API's words: a message, and messages per form field; and how the API answered.</summary>
public sealed record ApiProblem(string? Detail, Dictionary<string, string[]>? Errors)
{
    public int Status { get; init; }

    /// <summary>When the API said to try again (<c>Retry-After</c>), if it did.</summary>
    public TimeSpan? RetryAfter { get; init; }
}

/// <summary>
/// The calls the web front end makes to the API on its own behalf: accounts and tokens. Every call that cannot
/// reach the API (no answer, a server error, calls held back by the open circuit) throws
/// <see cref="ApiUnavailableException"/>; every refusal is an <see cref="ApiProblem"/> or null, as each call says.
/// </summary>
public sealed class ChatApiClient(HttpClient http, TimeProvider time)
{
    /// <summary>How long to wait after a failure that does not say.</summary>
    private static readonly TimeSpan DefaultRetryAfter = TimeSpan.FromSeconds(5);

    public async Task<(ApiUser? User, ApiProblem? Problem)> RegisterAsync(
        string userName, string displayName, string password, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Post, "/api/auth/register", null, new { userName, displayName, password }, cancellationToken);
        return response.IsSuccessStatusCode
            ? (await response.Content.ReadFromJsonAsync<ApiUser>(cancellationToken), null)
            : (null, await ReadProblemAsync(response, cancellationToken));
    }

    /// <param name="deviceToken">The browser's device token (<see cref="Auth.KnownDevice"/>), if it has one.</param>
    public async Task<(ApiTokens? Tokens, ApiProblem? Problem)> LoginAsync(
        string userName, string password, string? deviceToken, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Post, "/api/auth/login", null, new { userName, password, deviceToken }, cancellationToken);
        return response.IsSuccessStatusCode
            ? ((await response.Content.ReadFromJsonAsync<AccessTokenResponse>(cancellationToken))!.ToTokens(time.GetUtcNow()), null)
            : (null, await ReadProblemAsync(response, cancellationToken));
    }

    /// <returns>New tokens; null when the API has ended the session (the refresh token is expired or revoked).</returns>
    public async Task<ApiTokens?> RefreshAsync(string refreshToken, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Post, "/api/auth/refresh", null, new { refreshToken }, cancellationToken);
        if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.BadRequest)
        {
            return null;
        }

        EnsureSuccess(response);
        return (await response.Content.ReadFromJsonAsync<AccessTokenResponse>(cancellationToken))!.ToTokens(time.GetUtcNow());
    }

    /// <returns>The session of the access token; null when it has ended.</returns>
    public async Task<ApiSession?> GetSessionAsync(string accessToken, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Get, "/api/auth/session", accessToken, body: null, cancellationToken);
        if (response.StatusCode == HttpStatusCode.Unauthorized)
        {
            return null;
        }

        EnsureSuccess(response);
        return await response.Content.ReadFromJsonAsync<ApiSession>(cancellationToken);
    }

    public async Task<DeviceToken> GetDeviceTokenAsync(string accessToken, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Post, "/api/auth/device", accessToken, body: null, cancellationToken);
        EnsureSuccess(response);
        return (await response.Content.ReadFromJsonAsync<DeviceToken>(cancellationToken))!;
    }

    /// <summary>Ends the session on the API: its tokens and hub connections stop working.</summary>
    public async Task LogoutAsync(string accessToken, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Post, "/api/auth/logout", accessToken, body: null, cancellationToken);
        EnsureEndedOrGone(response);
    }

    /// <returns>The ids of every session of the person that this ended.</returns>
    public async Task<IReadOnlyList<Guid>> LogoutEverywhereAsync(string accessToken, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Post, "/api/auth/logout-everywhere", accessToken, body: null, cancellationToken);
        EnsureEndedOrGone(response);
        return response.IsSuccessStatusCode
            ? (await response.Content.ReadFromJsonAsync<EndedSessions>(cancellationToken))!.SessionIds
            : [];
    }

    /// <exception cref="ApiUnavailableException">The API cannot be reached, or answered with a server error.</exception>
    private async Task<HttpResponseMessage> SendAsync(
        HttpMethod method, string path, string? accessToken, object? body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        if (accessToken is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        }

        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, cancellationToken);
        }
        catch (BrokenCircuitException open)
        {
            throw new ApiUnavailableException(open.RetryAfter ?? DefaultRetryAfter, open);
        }
        catch (Exception failed) when (failed is TimeoutRejectedException or HttpRequestException and not ApiUnavailableException)
        {
            throw new ApiUnavailableException(DefaultRetryAfter, failed);
        }

        if (response.StatusCode >= HttpStatusCode.InternalServerError)
        {
            var retryAfter = RetryAfterOf(response) ?? DefaultRetryAfter;
            response.Dispose();
            throw new ApiUnavailableException(retryAfter);
        }

        return response;
    }

    private static void EnsureSuccess(HttpResponseMessage response)
    {
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"The API answered {(int)response.StatusCode}.", null, response.StatusCode);
        }
    }

    // A session that had ended already is as good as one ended now.
    private static void EnsureEndedOrGone(HttpResponseMessage response)
    {
        if (response.StatusCode != HttpStatusCode.Unauthorized)
        {
            EnsureSuccess(response);
        }
    }

    private static async Task<ApiProblem> ReadProblemAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        ApiProblem? problem;
        try
        {
            problem = await response.Content.ReadFromJsonAsync<ApiProblem>(cancellationToken);
        }
        catch (System.Text.Json.JsonException)
        {
            problem = null;
        }

        return (problem ?? new ApiProblem(response.ReasonPhrase, null)) with
        {
            Status = (int)response.StatusCode,
            RetryAfter = RetryAfterOf(response),
        };
    }

    private static TimeSpan? RetryAfterOf(HttpResponseMessage response) => response.Headers.RetryAfter switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date - DateTimeOffset.UtcNow,
        _ => null,
    };
}
