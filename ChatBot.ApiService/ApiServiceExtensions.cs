using System.Text.Json;
using System.Text.Json.Serialization;
using ChatBot.ApiService.Auth;
using ChatBot.ApiService.Conversations;
using ChatBot.ApiService.Groups;
using ChatBot.ApiService.Hubs;
using ChatBot.ApiService.Infrastructure;
using ChatBot.ApiService.Messages;
using ChatBot.ApiService.Presence;
using ChatBot.ApiService.Refusals;
using ChatBot.ApiService.Security;
using ChatBot.ApiService.Telemetry;
using ChatBot.Data;
using ChatBot.Data.MessageBatches;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ChatBot.ApiService;

public static class ApiServiceExtensions
{
    /// <summary>The hub's largest accepted frame: a message of 4000 characters fits with room to spare.</summary>
    public const long MaximumHubMessageSize = 32 * 1024;

    public static IHostApplicationBuilder AddApiServices(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;

        // SignalR's dispatcher logs each invocation with its arguments (message texts) at Debug, and each
        // refused input as an error with a stack trace; HubErrorLogging says what matters, in their place.
        builder.Logging.AddFilter(HubErrorLogging.DispatcherCategory, LogLevel.Critical);

        services.AddProblemDetails(ProblemCodes.AddCodes);
        services.AddValidation();
        services.ConfigureHttpJsonOptions(options =>
        {
            options.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
            // Validation errors are keyed by field: "userName", as the JSON spells it, not "UserName".
            options.SerializerOptions.DictionaryKeyPolicy = JsonNamingPolicy.CamelCase;
        });
        services.TryAddSingleton(TimeProvider.System);

        services.AddIdentity();
        var signalR = services.AddSignalR(options =>
            {
                options.MaximumReceiveMessageSize = MaximumHubMessageSize;
                options.AddFilter<HubErrorLogging>();
                options.AddFilter<SendRateLimitFilter>();
            })
            .AddJsonProtocol(options =>
                options.PayloadSerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase)))
            // Browsers speak JSON; .NET clients may choose MessagePack, smaller and cheaper to parse.
            .AddMessagePackProtocol()
            .MakeProtocolsStrict();
        builder.AddScaleOut(signalR);

        services.AddMemoryCache();
        services.AddSingleton<ConversationAccess>();
        services.AddSingleton<GroupEvents>();
        services.AddSingleton<MessageWriter>();
        services.AddSingleton<IMessageStore>(provider => provider.GetRequiredService<MessageWriter>());
        services.AddHostedService(provider => provider.GetRequiredService<MessageWriter>());
        services.AddMessageBatchUpkeep(builder.Configuration);

        services.Configure<PresenceOptions>(builder.Configuration.GetSection(PresenceOptions.Section));
        services.AddSingleton<LocalConnections>();
        services.AddSingleton<PresenceTracker>();
        services.AddHostedService<PresenceHeartbeat>();

        services.AddSingleton<ChatTelemetry>();

        services.Configure<RateLimitOptions>(builder.Configuration.GetSection(RateLimitOptions.Section));
        // Scoped, as Identity's password hasher that it takes.
        services.AddScoped<LoginThrottle>();

        return builder;
    }

    private static void AddIdentity(this IServiceCollection services)
    {
        services.AddAuthentication(IdentityConstants.BearerScheme).AddBearerToken(IdentityConstants.BearerScheme);
        services.AddAuthorization();

        services.AddIdentityCore<ChatUser>(options =>
            {
                options.User.AllowedUserNameCharacters = ChatUser.UserNameCharacters;
                // Length over composition rules, as NIST SP 800-63B advises.
                options.Password.RequiredLength = Passwords.MinLength;
                options.Password.RequiredUniqueChars = 4;
                options.Password.RequireDigit = false;
                options.Password.RequireLowercase = false;
                options.Password.RequireUppercase = false;
                options.Password.RequireNonAlphanumeric = false;
            })
            .AddEntityFrameworkStores<ChatDbContext>()
            .AddSignInManager()
            .AddErrorDescriber<FriendlyIdentityErrors>();

        // OWASP's figure for PBKDF2-HMAC-SHA512, the algorithm of Identity's V3 hashes.
        services.Configure<PasswordHasherOptions>(options => options.IterationCount = 210_000);

        services.AddChatDataProtection();
    }
}
