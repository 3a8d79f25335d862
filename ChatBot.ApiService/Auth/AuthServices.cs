using ChatBot.ApiService.Security;
using ChatBot.ServiceDefaults;
using ChatBot.Data;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Identity;

namespace ChatBot.ApiService.Auth;

public static class AuthServices
{
    /// <summary>PBKDF2 iterations for every password hash: OWASP's figure for PBKDF2-HMAC-SHA512, the algorithm of Identity's V3 hashes.</summary>
    public const int PasswordHashIterations = 210_000;

    /// <summary>
    /// The setting that lowers <see cref="PasswordHashIterations"/>: for test runs, which register and sign in
    /// thousands of people. Nothing else sets it.
    /// </summary>
    public const string PasswordHashIterationsKey = "Auth:PasswordHashIterations";

    /// <summary>Identity with bearer tokens, each token tied to a session on the server.</summary>
    public static IHostApplicationBuilder AddAuth(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddAuthentication(IdentityConstants.BearerScheme)
            .AddBearerToken(IdentityConstants.BearerScheme, bearer =>
                bearer.Events = new BearerTokenEvents { OnMessageReceived = SessionTokenCheck.OnMessageReceivedAsync });
        services.AddAuthorization();

        services.AddIdentityCore<ChatUser>(options =>
            {
                options.User.AllowedUserNameCharacters = ChatUser.UserNameCharacters;
                // Length over composition rules, as NIST SP 800-63B advises; common and guessable ones are refused.
                options.Password.RequiredLength = Passwords.MinLength;
                options.Password.RequiredUniqueChars = 4;
                options.Password.RequireDigit = false;
                options.Password.RequireLowercase = false;
                options.Password.RequireUppercase = false;
                options.Password.RequireNonAlphanumeric = false;
            })
            .AddEntityFrameworkStores<ChatDbContext>()
            .AddSignInManager()
            .AddPasswordValidator<GuessablePasswordValidator>()
            .AddErrorDescriber<FriendlyIdentityErrors>();

        services.Configure<PasswordHasherOptions>(options =>
            options.IterationCount = builder.Configuration.GetValue(PasswordHashIterationsKey, PasswordHashIterations));

        services.AddChatDataProtection();

        services.Configure<SessionOptions>(builder.Configuration.GetSection(SessionOptions.Section));
        services.AddSingleton<SessionEndings>();
        services.AddSingleton<UserSessions>();
        services.AddSingleton<SecurityEvents>();
        services.AddSingleton<KnownDevices>();
        services.AddSignInRateLimits();
        services.AddForwardedClientAddresses(builder.Configuration, trustLoopback: true);
        // Scoped, as Identity's password hasher that it takes.
        services.AddScoped<LoginThrottle>();
        return builder;
    }
}
