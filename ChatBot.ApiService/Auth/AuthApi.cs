using ChatBot.ApiService.Refusals;
using ChatBot.ApiService.Security;
using ChatBot.ApiService.Users;
using ChatBot.Data;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ChatBot.ApiService.Auth;

/// <summary>Registering, signing in and refreshing: the calls made without a session.</summary>
public static class AuthApi
{
    public const int MaxRequestBytes = 4 * 1024;

    public static RouteGroupBuilder MapAuthApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/auth").AllowAnonymous();

        // Anonymous callers send small bodies only: a sign-in is well under 4 KiB.
        group.WithMetadata(new RequestSizeLimitAttribute(MaxRequestBytes));
        group.MapPost("/register", Register).LimitSignIns();
        group.MapPost("/login", Login).LimitSignIns();
        group.MapPost("/refresh", Refresh);

        return group;
    }

    private static async Task<Results<Ok<UserSummary>, ValidationProblem>> Register(
        RegisterRequest request, UserManager<ChatUser> users, TimeProvider time)
    {
        var invalidDisplayName = NameRule.DisplayName.Normalize(request.DisplayName, out var displayName);
        var user = new ChatUser
        {
            UserName = request.UserName,
            DisplayName = displayName,
            CreatedAt = time.GetUtcNow(),
        };

        // Every problem at once (Identity stops at the first failing password): the form shows them all.
        var errors = await ValidateAsync(users, user, request.Password);
        if (invalidDisplayName is not null)
        {
            errors.Add(FriendlyIdentityErrors.InvalidDisplayName(invalidDisplayName.Message));
        }

        if (errors.Count == 0)
        {
            try
            {
                errors = [.. (await users.CreateAsync(user, request.Password)).Errors];
            }
            catch (DbUpdateException exception) when (exception.IsUniqueViolation())
            {
                // A concurrent registration took the name between the check and the insert.
                errors = [users.ErrorDescriber.DuplicateUserName(request.UserName)];
            }
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors
                .GroupBy(FriendlyIdentityErrors.FieldOf)
                .ToDictionary(g => g.Key, g => g.Select(e => e.Description).Distinct().ToArray()));
        }

        return TypedResults.Ok(UserSummary.From(user));
    }

    private static async Task<List<IdentityError>> ValidateAsync(UserManager<ChatUser> users, ChatUser user, string password)
    {
        var errors = new List<IdentityError>();
        foreach (var validator in users.UserValidators)
        {
            errors.AddRange((await validator.ValidateAsync(users, user)).Errors);
        }

        foreach (var validator in users.PasswordValidators)
        {
            errors.AddRange((await validator.ValidateAsync(users, user, password)).Errors);
        }

        return errors;
    }

    /// <summary>Starts a session: its bearer and refresh tokens carry its id, and the refresh token its generation, 0.</summary>
    private static async Task<Results<SignInHttpResult, ProblemHttpResult>> Login(
        LoginRequest request,
        HttpContext http,
        SignInManager<ChatUser> signIn,
        LoginThrottle throttle,
        KnownDevices devices,
        UserSessions sessions,
        SecurityEvents events,
        CancellationToken cancellationToken)
    {
        var name = signIn.UserManager.NormalizeName(request.UserName.Trim());
        var failures = LoginThrottle.KeyFor(name, devices.Recognize(request.DeviceToken, name));
        var user = await signIn.UserManager.FindByNameAsync(name);
        var account = user?.Id ?? "(no such user)";
        var client = SecurityEvents.ClientOf(http);
        if (await throttle.IsLockedAsync(failures))
        {
            events.SignInLockedOut(account, client);
            return Refusal.RateLimited(
                    $"Too many failed sign-ins for this user name. Try again in {throttle.Lockout.TotalMinutes:0} minutes.",
                    throttle.Lockout)
                .ToProblem();
        }

        if (user is null)
        {
            throttle.SpendVerificationTime(request.Password);
        }
        else if ((await signIn.CheckPasswordSignInAsync(user, request.Password, lockoutOnFailure: false)).Succeeded)
        {
            await throttle.SucceededAsync(failures);
            var session = await sessions.StartAsync(user.Id, cancellationToken);
            events.SignInSucceeded(user.Id, client, session.Id);
            // The bearer token handler writes the tokens to the response.
            var principal = (await signIn.CreateUserPrincipalAsync(user)).WithSession(session.Id, generation: 0);
            return TypedResults.SignIn(principal, authenticationScheme: IdentityConstants.BearerScheme);
        }

        await throttle.FailedAsync(failures);
        events.SignInFailed(account, client);
        return new Refusal(RefusalCodes.InvalidCredentials, "Wrong user name or password.")
            .ToProblem();
    }

    /// <summary>
    /// Spends a refresh token for new tokens of the next generation. A refresh token works once: one used
    /// again means that two parties hold the session, and it ends for both.
    /// </summary>
    private static async Task<Results<SignInHttpResult, ProblemHttpResult>> Refresh(
        RefreshRequest request,
        HttpContext http,
        SignInManager<ChatUser> signIn,
        IOptionsMonitor<BearerTokenOptions> bearerOptions,
        UserSessions sessions,
        SecurityEvents events,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        var protector = bearerOptions.Get(IdentityConstants.BearerScheme).RefreshTokenProtector;
        var ticket = protector.Unprotect(request.RefreshToken);

        // The security stamp check ends refresh tokens issued before a password change.
        if (ticket?.Properties.ExpiresUtc is not { } expiresAt
            || time.GetUtcNow() >= expiresAt
            || ticket.Principal.GetSessionId() is not { } sessionId
            || ticket.Principal.GetGeneration() is not { } generation
            || await signIn.ValidateSecurityStampAsync(ticket.Principal) is not { } user)
        {
            return SessionEnded();
        }

        switch (await sessions.RefreshAsync(sessionId, user.Id, generation, cancellationToken))
        {
            case RefreshOutcome.Rotated:
                var principal = (await signIn.CreateUserPrincipalAsync(user)).WithSession(sessionId, generation + 1);
                return TypedResults.SignIn(principal, authenticationScheme: IdentityConstants.BearerScheme);
            case RefreshOutcome.Reused:
                events.RefreshTokenReused(sessionId, user.Id, SecurityEvents.ClientOf(http));
                return SessionEnded();
            default:
                events.TokenRefused("a refresh token of an ended session", user.Id, sessionId.ToString(), SecurityEvents.ClientOf(http));
                return SessionEnded();
        }
    }

    private static ProblemHttpResult SessionEnded() =>
        new Refusal(RefusalCodes.Unauthenticated, "The session has ended; sign in again.").ToProblem();
}
