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
        var user = new ChatUser
        {
            UserName = request.UserName,
            DisplayName = request.DisplayName.Trim(),
            CreatedAt = time.GetUtcNow(),
        };

        IdentityResult result;
        try
        {
            result = await users.CreateAsync(user, request.Password);
        }
        catch (DbUpdateException exception) when (exception.IsUniqueViolation())
        {
            // A concurrent registration took the name between Identity's check and the insert.
            result = IdentityResult.Failed(users.ErrorDescriber.DuplicateUserName(request.UserName));
        }

        if (!result.Succeeded)
        {
            var errors = result.Errors
                .GroupBy(FriendlyIdentityErrors.FieldOf)
                .ToDictionary(g => g.Key, g => g.Select(e => e.Description).ToArray());
            return TypedResults.ValidationProblem(errors);
        }

        return TypedResults.Ok(UserSummary.From(user));
    }

    private static async Task<Results<EmptyHttpResult, ProblemHttpResult>> Login(
        LoginRequest request, SignInManager<ChatUser> signIn)
    {
        signIn.AuthenticationScheme = IdentityConstants.BearerScheme;
        var result = await signIn.PasswordSignInAsync(
            request.UserName, request.Password, isPersistent: false, lockoutOnFailure: true);

        // On success the bearer token handler has written the tokens to the response.
        return result.Succeeded
            ? TypedResults.Empty
            : TypedResults.Problem("Wrong user name or password.", statusCode: StatusCodes.Status401Unauthorized);
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
            return TypedResults.Problem("The session has ended; sign in again.", statusCode: StatusCodes.Status401Unauthorized);
        }

        var principal = await signIn.CreateUserPrincipalAsync(user);
        return TypedResults.SignIn(principal, authenticationScheme: IdentityConstants.BearerScheme);
    }
}
