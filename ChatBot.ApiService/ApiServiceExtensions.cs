using System.Text.Json;
using System.Text.Json.Serialization;
using ChatBot.ApiService.Auth;
using ChatBot.ApiService.Conversations;
using ChatBot.ApiService.Files;
using ChatBot.ApiService.Groups;
using ChatBot.ApiService.Hubs;
using ChatBot.ApiService.Infrastructure;
using ChatBot.ApiService.Messages;
using ChatBot.ApiService.Presence;
using ChatBot.ApiService.Refusals;
using ChatBot.ApiService.Security;
using ChatBot.ApiService.Telemetry;
using ChatBot.Data;
using ChatBot.Data.MessageStores;
using ChatBot.ServiceDefaults;
using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace ChatBot.ApiService;

public static class ApiServiceExtensions
{
    /// <summary>The hub's largest accepted frame: a message of <see cref="Data.Message.MaxBodyLength"/> characters fits with room to spare.</summary>
    public const long MaximumHubMessageSize = 32 * 1024;

    public static IHostApplicationBuilder AddApiServices(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;

        // SignalR's dispatcher logs each invocation with its arguments (message texts) at Debug, and each
        // refused input or connection as an error with a stack trace; HubErrorLogging says what matters, in their place.
        builder.Logging.AddFilter(HubErrorLogging.DispatcherCategory, LogLevel.Critical);
        builder.Logging.AddFilter(HubErrorLogging.ConnectionHandlerCategory, LogLevel.Critical);

        services.AddProblemDetails(ProblemCodes.AddCodes);
        // A body that cannot be read (empty, null, not an object) is answered 400 in every environment; in
        // Development, as the AppHost runs the API, it would be thrown, and answered 500.
        services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = false);
        services.AddValidation();
        services.ConfigureHttpJsonOptions(options =>
        {
            options.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
            // Validation errors are keyed by field: "userName", as the JSON spells it, not "UserName".
            options.SerializerOptions.DictionaryKeyPolicy = JsonNamingPolicy.CamelCase;
        });
        services.TryAddSingleton(TimeProvider.System);
        services.HideServerSoftware();

        builder.AddAuth();
        var signalR = services.AddSignalR(options =>
            {
                options.MaximumReceiveMessageSize = MaximumHubMessageSize;
                options.AddFilter<HubErrorLogging>();
                options.AddFilter<HubSessions>();
                options.AddFilter<ConnectionQuota>();
                options.AddFilter<HubMethodQuotas>();
            })
            .AddJsonProtocol(options =>
                options.PayloadSerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase)))
            // Browsers speak JSON; .NET clients may choose MessagePack, smaller and cheaper to parse.
            .AddMessagePackProtocol()
            .MakeProtocolsStrict();
        builder.AddScaleOut(signalR);

        services.AddMemoryCache();
        services.AddHttpContextAccessor();
        services.AddSingleton<ConversationAccess>();
        services.AddSingleton<FanOut>();
        services.AddSingleton<GroupEvents>();
        services.AddSingleton<MessageWriter>();
        services.AddHostedService(provider => provider.GetRequiredService<MessageWriter>());
        services.AddMessageStoreUpkeep(builder.Configuration);

        services.Configure<PresenceOptions>(builder.Configuration.GetSection(PresenceOptions.Section));
        services.AddSingleton<LocalConnections>();
        services.AddSingleton<HubSessions>();
        services.AddSingleton<PresenceTracker>();
        services.AddHostedService<PresenceHeartbeat>();

        services.AddSingleton<ChatTelemetry>();

        services.Configure<FileStorageOptions>(builder.Configuration.GetSection(FileStorageOptions.Section));
        services.AddSingleton<FileBytes>(provider =>
            provider.GetRequiredService<IOptions<FileStorageOptions>>().Value.Folder is { Length: > 0 } folder
                ? new FolderFileBytes(Path.Combine(builder.Environment.ContentRootPath, folder))
                : new DatabaseFileBytes(provider.GetRequiredService<IDbContextFactory<ChatDbContext>>()));
        services.AddSingleton<PictureEncoder>();
        services.AddSingleton<FileUploads>();
        services.AddSingleton<FileJanitor>();
        services.AddHostedService(provider => provider.GetRequiredService<FileJanitor>());

        services.Configure<RateLimitOptions>(builder.Configuration.GetSection(RateLimitOptions.Section));
        services.AddSingleton<PersonQuotas>();

        return builder;
    }
}
