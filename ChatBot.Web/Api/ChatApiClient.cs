using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;

namespace ChatBot.Web.Api;

public sealed record ApiUser(string Id, string UserName, string DisplayName);

/// <summary>A session as the API keeps it: it ends when revoked or at <see cref="ExpiresAt"/>.</summary>
public sealed record ApiSession(Guid Id, DateTimeOffset ExpiresAt, ApiUser User);

internal sealed record EndedSessions(List<Guid> SessionIds);

/// <summary>Proof that a browser has signed in as a person, good until <see cref="ExpiresAt"/>.</summary>
public sealed record DeviceToken(string Token, DateTimeOffset ExpiresAt);

/// <summary>What went wrong, in the API's words: a message, and messages per form field.</summary>
public sealed record ApiProblem(string? Detail, Dictionary<string, string[]>? Errors);

/// <summary>The calls the web front end makes to the API on its own behalf: accounts and tokens.</summary>
public sealed class ChatApiClient(HttpClient http, TimeProvider time)
{
    public async Task<(ApiUser? User, ApiProblem? Problem)> RegisterAsync(
        string userName, string displayName, string password, CancellationToken cancellationToken)
    {
        using var response = await http.PostAsJsonAsync(
            "/api/auth/register", new { userName, displayName, password }, cancellationToken);
        return response.IsSuccessStatusCode
            ? (await response.Content.ReadFromJsonAsync<ApiUser>(cancellationToken), null)
            : (null, await ReadProblemAsync(response, cancellationToken));
    }

    /// <param name="deviceToken">The browser's device token (<see cref="Auth.KnownDevice"/>), if it has one.</param>
    public async Task<(ApiTokens? Tokens, ApiProblem? Problem)> LoginAsync(
        string userName, string password, string? deviceToken, CancellationToken cancellationToken)
    {
        using var response = await http.PostAsJsonAsync("/api/auth/login", new { userName, password, deviceToken }, cancellationToken);
        return response.IsSuccessStatusCode
            ? ((await response.Content.ReadFromJsonAsync<AccessTokenResponse>(cancellationToken))!.ToTokens(time.GetUtcNow()), null)
            : (null, await ReadProblemAsync(response, cancellationToken));
    }

    /// <returns>New tokens; null when the API has ended the session (the refresh token is expired or revoked).</returns>
    public async Task<ApiTokens?> RefreshAsync(string refreshToken, CancellationToken cancellationToken)
    {
        using var response = await http.PostAsJsonAsync("/api/auth/refresh", new { refreshToken }, cancellationToken);
        if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.BadRequest)
        {
            return null;
        }

        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<AccessTokenResponse>(cancellationToken))!.ToTokens(time.GetUtcNow());
    }

    /// <returns>The session of the access token; null when it has ended.</returns>
    public async Task<ApiSession?> GetSessionAsync(string accessToken, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Get, "/api/auth/session", accessToken, cancellationToken);
        if (response.StatusCode == HttpStatusCode.Unauthorized)
        {
            return null;
        }

        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<ApiSession>(cancellationToken);
    }

    public async Task<DeviceToken> GetDeviceTokenAsync(string accessToken, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Post, "/api/auth/device", accessToken, cancellationToken);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<DeviceToken>(cancellationToken))!;
    }

    /// <summary>Ends the session on the API: its tokens and hub connections stop working.</summary>
    public async Task LogoutAsync(string accessToken, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Post, "/api/auth/logout", accessToken, cancellationToken);
        EnsureEndedOrGone(response);
    }

    /// <returns>The ids of every session of the person that this ended.</returns>
    public async Task<IReadOnlyList<Guid>> LogoutEverywhereAsync(string accessToken, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Post, "/api/auth/logout-everywhere", accessToken, cancellationToken);
        EnsureEndedOrGone(response);
        return response.IsSuccessStatusCode
            ? (await response.Content.ReadFromJsonAsync<EndedSessions>(cancellationToken))!.SessionIds
            : [];
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string accessToken, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        return await http.SendAsync(request, cancellationToken);
    }

    // A session that had ended already is as good as one ended now.
    private static void EnsureEndedOrGone(HttpResponseMessage response)
    {
        if (response.StatusCode != HttpStatusCode.Unauthorized)
        {
            response.EnsureSuccessStatusCode();
        }
    }

    private static async Task<ApiProblem> ReadProblemAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.StatusCode >= HttpStatusCode.InternalServerError)
        {
            throw new HttpRequestException($"The API answered {(int)response.StatusCode}.", null, response.StatusCode);
        }

        try
        {
            return await response.Content.ReadFromJsonAsync<ApiProblem>(cancellationToken)
                ?? new ApiProblem(response.ReasonPhrase, null);
        }
        catch (System.Text.Json.JsonException)
        {
            return new ApiProblem(response.ReasonPhrase, null);
        }
    }
}
