using System.Collections.Concurrent;
using ChatBot.ApiService.Presence;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace ChatBot.ApiService.Security;

/// <summary>
/// Connections in Redis: per person, a sorted set of connection ids scored by the time until which they count.
/// Each replica renews its own connections' leases on presence's heartbeat; the connections of a replica that
/// died stop counting when their leases lapse, as its users' presence does.
/// </summary>
public sealed partial class RedisConnectionCounter(
    IConnectionMultiplexer redis, IOptions<PresenceOptions> presence, TimeProvider time, ILogger<RedisConnectionCounter> logger)
    : BackgroundService, IConnectionCounter
{
    private const string Prefix = "chatbot:connections:";

    // Drops lapsed leases, then counts the connection in unless the person has max already: atomic, so
    // connects racing on different replicas cannot pass the limit together.
    private static readonly LuaScript Add = LuaScript.Prepare("""
        redis.call('ZREMRANGEBYSCORE', @key, '-inf', @now)
        if redis.call('ZCARD', @key) >= tonumber(@max) then return 0 end
        redis.call('ZADD', @key, @until, @connection)
        redis.call('PEXPIRE', @key, @keep)
        return 1
        """);

    // This replica's connections: connection id → user id.
    private readonly ConcurrentDictionary<string, string> _local = new();

    private IDatabase Db => redis.GetDatabase();

    public async Task<bool> TryAddAsync(string userId, string connectionId, int max)
    {
        var (now, until) = Lease();
        var added = (long)await Add.EvaluateAsync(Db, new
        {
            key = Key(userId),
            now,
            until,
            max,
            connection = connectionId,
            keep = (long)(presence.Value.Timeout * 2).TotalMilliseconds,
        }) == 1;
        if (added)
        {
            _local[connectionId] = userId;
        }

        return added;
    }

    public async Task RemoveAsync(string userId, string connectionId)
    {
        _local.TryRemove(connectionId, out _);
        await Db.SortedSetRemoveAsync(Key(userId), connectionId);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(presence.Value.HeartbeatInterval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                var (_, until) = Lease();
                var batch = Db.CreateBatch();
                var renewals = _local.Select(c => batch.SortedSetAddAsync(Key(c.Value), c.Key, until, SortedSetWhen.Exists)).ToList();
                batch.Execute();
                await Task.WhenAll(renewals);
            }
            catch (Exception exception) when (exception is RedisException or TimeoutException)
            {
                LogRenewFailed(logger, exception);
            }
        }
    }

    private (double Now, double Until) Lease()
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        return (now, now + presence.Value.Timeout.TotalMilliseconds);
    }

    private static RedisKey Key(string userId) => Prefix + userId;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Renewing this replica's connection leases failed; retried at the next heartbeat")]
    private static partial void LogRenewFailed(ILogger logger, Exception exception);
}
