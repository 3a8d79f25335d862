using StackExchange.Redis;

namespace ChatBot.ApiService.Auth;

/// <summary>Carries <see cref="SessionEndings"/> between replicas over a Redis channel.</summary>
public sealed partial class RedisSessionEndings(
    SessionEndings endings, IConnectionMultiplexer redis, ILogger<RedisSessionEndings> logger) : IHostedService
{
    private static readonly RedisChannel Channel = RedisChannel.Literal("sessions:ended");

    private int _subscribed;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        endings.Broadcast = sessionIds => redis.GetSubscriber().PublishAsync(Channel, string.Join(',', sessionIds));
        // Redis may be down as this replica starts: then the subscription is made when it is back.
        redis.ConnectionRestored += (_, restored) =>
        {
            if (restored.ConnectionType == ConnectionType.Subscription)
            {
                _ = SubscribeAsync();
            }
        };
        await SubscribeAsync();
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task SubscribeAsync()
    {
        if (Interlocked.Exchange(ref _subscribed, 1) == 1)
        {
            return;
        }

        try
        {
            await redis.GetSubscriber().SubscribeAsync(Channel, (_, message) =>
                endings.Notify(((string?)message ?? "").Split(',').Select(id => Guid.TryParse(id, out var g) ? g : Guid.Empty).Where(g => g != Guid.Empty)));
        }
        catch (Exception exception) when (exception is RedisException or TimeoutException)
        {
            Volatile.Write(ref _subscribed, 0);
            LogSubscribeFailed(logger, exception);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Listening for sessions ended on other replicas failed; retried when Redis is back")]
    private static partial void LogSubscribeFailed(ILogger logger, Exception exception);
}
