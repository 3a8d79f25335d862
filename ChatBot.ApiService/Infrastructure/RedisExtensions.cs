using ChatBot.ApiService.Auth;
using ChatBot.ApiService.Hubs;
using ChatBot.ApiService.Presence;
using ChatBot.ApiService.Security;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.StackExchangeRedis;
using StackExchange.Redis;

namespace ChatBot.ApiService.Infrastructure;

public static class RedisExtensions
{
    /// <summary>The name of Redis's connection string, as the AppHost injects it.</summary>
    public const string ConnectionName = "cache";

    /// <summary>
    /// With <c>ConnectionStrings:cache</c> set, replicas share through Redis: the SignalR backplane (a message
    /// reaches connections on every replica), presence, rate limits, connection counts and the news that sessions ended. Without it, one replica keeps them in memory.
    /// </summary>
    public static IHostApplicationBuilder AddScaleOut(this IHostApplicationBuilder builder, ISignalRServerBuilder signalR)
    {
        var services = builder.Services;
        if (string.IsNullOrWhiteSpace(builder.Configuration.GetConnectionString(ConnectionName)))
        {
            services.AddSingleton<IPresenceStore, MemoryPresenceStore>();
            services.AddSingleton<IRateLimitStore, MemoryRateLimitStore>();
            services.AddSingleton<IConnectionCounter, MemoryConnectionCounter>();
            return builder;
        }

        // One multiplexer for everything, with Aspire's health check and traces. It starts even while Redis is
        // down and keeps reconnecting: the database stays the truth meanwhile. Commands fail at once while it is
        // down, rather than queue: a send is acknowledged when stored, not held up by a fan-out that recipients
        // make up for by catching up.
        builder.AddRedisClient(ConnectionName, configureOptions: options =>
        {
            options.BacklogPolicy = BacklogPolicy.FailFast;
            options.ChannelPrefix = RedisChannel.Literal("chatbot");
        });

        // The backplane takes that multiplexer too, watched so that connections here catch up after an outage.
        // (It disposes the multiplexer when the app stops; the container's second dispose does nothing.)
        signalR.AddStackExchangeRedis();
        services.AddSingleton<BackplaneMonitor>();
        services.AddOptions<RedisOptions>().Configure<IServiceProvider>((redis, provider) =>
            redis.ConnectionFactory = _ => Task.FromResult(
                provider.GetRequiredService<BackplaneMonitor>().Watch(provider.GetRequiredService<IConnectionMultiplexer>())));

        services.AddHostedService<RedisSessionEndings>();
        services.AddSingleton<IPresenceStore, RedisPresenceStore>();
        services.AddSingleton<IRateLimitStore, RedisRateLimitStore>();
        services.AddSingleton<RedisConnectionCounter>();
        services.AddSingleton<IConnectionCounter>(provider => provider.GetRequiredService<RedisConnectionCounter>());
        services.AddHostedService(provider => provider.GetRequiredService<RedisConnectionCounter>());
        return builder;
    }
}
