using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.StackExchangeRedis;
using StackExchange.Redis;

namespace ChatBot.Web.Security;

public static class SharedKeys
{
    /// <summary>The name of Redis's connection string, as the AppHost injects it.</summary>
    public const string CacheConnectionName = "cache";

    private static readonly RedisKey KeyRing = "chatbot:web:data-protection-keys";

    /// <summary>
    /// The Data Protection keys that encrypt the session cookie and the antiforgery tokens. With Redis
    /// configured, every front end keeps them there, so that a cookie one front end issued, every other reads:
    /// several front ends behind a load balancer need no sticky sessions. Alone, a front end keeps them on its
    /// machine, as ASP.NET Core does by default.
    /// </summary>
    public static IHostApplicationBuilder AddSharedKeys(this IHostApplicationBuilder builder)
    {
        builder.Services.AddDataProtection().SetApplicationName("ChatBot.Web");
        if (!string.IsNullOrWhiteSpace(builder.Configuration.GetConnectionString(CacheConnectionName)))
        {
            // Aspire's Redis client: its health check and traces; the key ring is read through its connection.
            builder.AddRedisClient(CacheConnectionName);
            builder.Services.AddOptions<KeyManagementOptions>().Configure<IConnectionMultiplexer>((options, redis) =>
                options.XmlRepository = new RedisXmlRepository(() => redis.GetDatabase(), KeyRing));
        }

        return builder;
    }
}
