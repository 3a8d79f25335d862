using ChatBot.ApiService.Hubs;
using ChatBot.ApiService.Presence;
using ChatBot.ApiService.Security;
using Microsoft.AspNetCore.SignalR.StackExchangeRedis;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using StackExchange.Redis;

namespace ChatBot.ApiService.Infrastructure;

public static class RedisExtensions
{
    /// <summary>The name of Redis's connection string, as the AppHost and the Launcher inject it.</summary>
    public const string ConnectionName = "cache";

    /// <summary>
    /// With <c>ConnectionStrings:cache</c> set, replicas share through Redis: the SignalR backplane (a message
    /// reaches connections on every replica), presence and rate limits. Without it, one replica keeps them in memory.
    /// </summary>
    public static IHostApplicationBuilder AddScaleOut(this IHostApplicationBuilder builder, ISignalRServerBuilder signalR)
    {
        var services = builder.Services;
        var connectionString = builder.Configuration.GetConnectionString(ConnectionName);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            services.AddSingleton<IPresenceStore, MemoryPresenceStore>();
            services.AddSingleton<IRateLimitStore, MemoryRateLimitStore>();
            return builder;
        }

        // Start even while Redis is down, and keep reconnecting: the database stays the truth meanwhile.
        // Commands fail at once while it is down, rather than queue: a send is acknowledged when stored,
        // not held up by a fan-out that recipients will make up for by catching up.
        var options = ConfigurationOptions.Parse(connectionString);
        options.AbortOnConnectFail = false;
        options.BacklogPolicy = BacklogPolicy.FailFast;
        options.ChannelPrefix = RedisChannel.Literal("chatbot");

        signalR.AddStackExchangeRedis(redis => redis.Configuration = options.Clone());
        services.AddOptions<RedisOptions>().Configure<BackplaneMonitor>((redis, monitor) =>
            redis.ConnectionFactory = async log => monitor.Watch(await ConnectionMultiplexer.ConnectAsync(redis.Configuration, log)));
        services.AddSingleton<BackplaneMonitor>();
        services.AddSingleton<IConnectionMultiplexer>(_ => ConnectionMultiplexer.Connect(options.Clone()));
        services.AddSingleton<IPresenceStore, RedisPresenceStore>();
        services.AddSingleton<IRateLimitStore, RedisRateLimitStore>();
        services.AddHealthChecks().AddCheck<RedisHealthCheck>("redis", timeout: TimeSpan.FromSeconds(3));
        return builder;
    }

    private sealed class RedisHealthCheck(IConnectionMultiplexer redis) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            try
            {
                var latency = await redis.GetDatabase().PingAsync();
                return HealthCheckResult.Healthy($"Redis answered in {latency.TotalMilliseconds:0.0} ms.");
            }
            catch (RedisException exception)
            {
                return HealthCheckResult.Unhealthy("Redis does not answer.", exception);
            }
        }
    }
}
