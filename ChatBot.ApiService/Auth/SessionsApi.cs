using System.Security.Claims;
using ChatBot.ApiService.Refusals;
using ChatBot.ApiService.Security;
using ChatBot.ApiService.Users;
using ChatBot.Data;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;

namespace ChatBot.ApiService.Auth;

/// <summary>The caller's session as the API sees it.</summary>
public sealed record SessionSummary(Guid Id, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt, UserSummary User);

/// <summary>Proof that this device has signed in as the person (see <see cref="KnownDevices"/>), good until <paramref name="ExpiresAt"/>.</summary>
public sealed record DeviceToken(string Token, DateTimeOffset ExpiresAt);

/// <summary>The sessions that logging out everywhere ended.</summary>
public sealed record EndedSessions(List<Guid> SessionIds);

/// <summary>The caller's own session: what it is, and ending it, or every session of theirs.</summary>
public static class SessionsApi
{
    public static RouteGroupBuilder MapSessionsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/auth").RequireAuthorization();

        group.MapGet("/session", Get);
        group.MapPost("/logout", Logout);
        group.MapPost("/logout-everywhere", LogoutEverywhere);
        group.MapPost("/device", RememberDevice);

        return group;
    }

    private static async Task<Results<Ok<SessionSummary>, ProblemHttpResult>> Get(
        ClaimsPrincipal principal, UserSessions sessions, CancellationToken cancellationToken)
    {
        var session = await sessions.FindActiveAsync(principal.GetSessionId()!.Value, cancellationToken);
        return session is null
            ? new Refusal(RefusalCodes.Unauthenticated, "The session has ended; sign in again.").ToProblem()
            : TypedResults.Ok(new SessionSummary(session.Id, session.CreatedAt, session.ExpiresAt, UserSummary.From(session.User!)));
    }

    /// <summary>Ends this session: its refresh token, its bearer tokens and its hub connections stop working at once.</summary>
    private static async Task<NoContent> Logout(
        ClaimsPrincipal principal, HttpContext http, UserSessions sessions, SecurityEvents events, CancellationToken cancellationToken)
    {
        await sessions.RevokeAsync(principal.GetSessionId()!.Value, cancellationToken);
        events.SessionsEnded("logout", 1, principal.GetUserId(), SecurityEvents.ClientOf(http));
        return TypedResults.NoContent();
    }

    /// <summary>A token for this device to send when it signs in next: a lock on the name set by others does not apply to it.</summary>
    private static Ok<DeviceToken> RememberDevice(ClaimsPrincipal principal, UserManager<ChatUser> users, KnownDevices devices) =>
        TypedResults.Ok(devices.Issue(users.NormalizeName(principal.FindFirstValue(ClaimTypes.Name)!)));

    private static async Task<Ok<EndedSessions>> LogoutEverywhere(
        ClaimsPrincipal principal, HttpContext http, UserSessions sessions, SecurityEvents events, CancellationToken cancellationToken)
    {
        var ended = await sessions.RevokeAllAsync(principal.GetUserId(), cancellationToken);
        events.SessionsEnded("logout everywhere", ended.Count, principal.GetUserId(), SecurityEvents.ClientOf(http));
        return TypedResults.Ok(new EndedSessions(ended));
    }
}
