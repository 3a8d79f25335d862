using ChatBot.ApiService.Refusals;
using ChatBot.ApiService.Users;
using ChatBot.Data;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ChatBot.ApiService.Auth;

public static class AuthApi
{
    public static RouteGroupBuilder MapAuthApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/auth").AllowAnonymous();

        group.MapPost("/register", Register);
        group.MapPost("/login", Login);
        group.MapPost("/refresh", Refresh);

        return group;
    }

    private static async Task<Results<Ok<UserSummary>, ValidationProblem>> Register(
        RegisterRequest request, UserManager<ChatUser> users, TimeProvider time)
    {
        var invalidDisplayName = DisplayNames.TryNormalize(request.DisplayName, out var displayName);
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
            errors.Add(FriendlyIdentityErrors.InvalidDisplayName(invalidDisplayName));
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

    private static async Task<Results<EmptyHttpResult, ProblemHttpResult>> Login(
        LoginRequest request, SignInManager<ChatUser> signIn, LoginThrottle throttle)
    {
        var name = signIn.UserManager.NormalizeName(request.UserName.Trim());
        if (await throttle.IsLockedAsync(name))
        {
            return Refusal.RateLimited(
                    $"Too many failed sign-ins for this user name. Try again in {throttle.Lockout.TotalMinutes:0} minutes.",
                    throttle.Lockout)
                .ToProblem(StatusCodes.Status429TooManyRequests);
        }

        var user = await signIn.UserManager.FindByNameAsync(name);
        if (user is null)
        {
            throttle.SpendVerificationTime(request.Password);
        }
        else
        {
            signIn.AuthenticationScheme = IdentityConstants.BearerScheme;
            var result = await signIn.PasswordSignInAsync(user, request.Password, isPersistent: false, lockoutOnFailure: false);
            if (result.Succeeded)
            {
                // The bearer token handler has written the tokens to the response.
                await throttle.SucceededAsync(name);
                return TypedResults.Empty;
            }
        }

        await throttle.FailedAsync(name);
        return new Refusal(RefusalCodes.InvalidCredentials, "Wrong user name or password.")
            .ToProblem(StatusCodes.Status401Unauthorized);
    }

    private static async Task<Results<SignInHttpResult, ProblemHttpResult>> Refresh(
        RefreshRequest request,
        SignInManager<ChatUser> signIn,
        IOptionsMonitor<BearerTokenOptions> bearerOptions,
        TimeProvider time)
    {
        var protector = bearerOptions.Get(IdentityConstants.BearerScheme).RefreshTokenProtector;
        var ticket = protector.Unprotect(request.RefreshToken);

        // The security stamp check ends refresh tokens issued before a password change.
        if (ticket?.Properties.ExpiresUtc is not { } expiresAt
            || time.GetUtcNow() >= expiresAt
            || await signIn.ValidateSecurityStampAsync(ticket.Principal) is not { } user)
        {
            return new Refusal(RefusalCodes.Unauthenticated, "The session has ended; sign in again.")
                .ToProblem(StatusCodes.Status401Unauthorized);
        }

        var principal = await signIn.CreateUserPrincipalAsync(user);
        return TypedResults.SignIn(principal, authenticationScheme: IdentityConstants.BearerScheme);
    }
}
