using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace ChatBot.ApiService.Presence;

/// <summary>
/// Presence in Redis. <c>online</c> is a sorted set of users scored by the time until which they count as
/// online; <c>leases:{user}</c> holds, per replica with a connection of theirs, that replica's lease.
/// Replicas renew their leases; a replica that dies stops renewing, and the sweep ends its users' presence.
/// </summary>
public sealed class RedisPresenceStore(IConnectionMultiplexer redis, IOptions<PresenceOptions> options, TimeProvider time)
    : IPresenceStore
{
    private const string Prefix = "chatbot:presence:";
    private static readonly RedisKey Online = Prefix + "online";

    // Removes a user from "online" only if their score has not been renewed since the sweep read it.
    private static readonly LuaScript RemoveIfLapsed = LuaScript.Prepare("""
        local score = redis.call('ZSCORE', @online, @user)
        if score and tonumber(score) <= tonumber(@now) then
            return redis.call('ZREM', @online, @user)
        end
        return 0
        """);

    // A first connection here: the replica's lease taken and the user's time renewed in one step, so that a renewal
    // or another replica's arrival or goodbye cannot fall in between and the arrival is announced exactly once.
    // 1 when the user was not online before (absent, or lapsed and not swept yet).
    private static readonly LuaScript Arrive = LuaScript.Prepare("""
        local before = redis.call('ZSCORE', @online, @user)
        redis.call('ZADD', @leases, @until, @replica)
        redis.call('PEXPIRE', @leases, @ttl)
        redis.call('ZADD', @online, 'GT', @until, @user)
        if before and tonumber(before) > tonumber(@now) then
            return 0
        end
        return 1
        """);

    // A last connection here gone: the replica's lease dropped and, in the same step, the user kept online until
    // another replica's live lease lapses, or removed (1: announce it). In two steps, another replica's goodbye in
    // between could be undone, the user shown online with no connection.
    private static readonly LuaScript Leave = LuaScript.Prepare("""
        redis.call('ZREM', @leases, @replica)
        local latest = redis.call('ZRANGE', @leases, -1, -1, 'WITHSCORES')
        if latest[2] and tonumber(latest[2]) > tonumber(@now) then
            redis.call('ZADD', @online, latest[2], @user)
            return 0
        end
        return redis.call('ZREM', @online, @user)
        """);

    private readonly string _replica = Guid.NewGuid().ToString("N");
    private readonly TimeSpan _timeout = options.Value.Timeout;

    private IDatabase Db => redis.GetDatabase();

    public async Task<bool> MarkOnlineAsync(string userId)
    {
        var (now, until) = Lease();
        return (long)await Arrive.EvaluateAsync(Db, new
        {
            online = Online, leases = Leases(userId), user = userId, replica = _replica, now, until, ttl = (long)(_timeout * 2).TotalMilliseconds,
        }) == 1;
    }

    public async Task<bool> MarkOfflineAsync(string userId) =>
        (long)await Leave.EvaluateAsync(Db, new { online = Online, leases = Leases(userId), user = userId, replica = _replica, now = Now() }) == 1;

    public async Task<IReadOnlyList<string>> RenewAsync(IReadOnlyCollection<string> userIds)
    {
        var (_, until) = Lease();
        var batch = Db.CreateBatch();
        var renewals = userIds.Select(userId => (userId, Added: RenewLeaseAsync(batch, userId, until))).ToList();
        batch.Execute();
        await Task.WhenAll(renewals.Select(r => r.Added));
        return renewals.Where(r => r.Added.Result).Select(r => r.userId).ToList();
    }

    public async Task<IReadOnlyList<(string UserId, DateTimeOffset LastSeenAt)>> SweepAsync()
    {
        var now = Now();
        var lapsed = await Db.SortedSetRangeByScoreWithScoresAsync(Online, double.NegativeInfinity, now, take: 1000);
        var gone = new List<(string, DateTimeOffset)>();
        foreach (var entry in lapsed)
        {
            var removed = (long)await RemoveIfLapsed.EvaluateAsync(Db, new { online = Online, user = entry.Element, now });
            if (removed == 1)
            {
                // The lease was last renewed one timeout before it lapsed.
                gone.Add((entry.Element!, DateTimeOffset.FromUnixTimeMilliseconds((long)entry.Score) - _timeout));
            }
        }

        return gone;
    }

    public async Task<IReadOnlySet<string>> OnlineAmongAsync(IReadOnlyCollection<string> userIds)
    {
        if (userIds.Count == 0)
        {
            return new HashSet<string>();
        }

        var ids = userIds.ToArray();
        var scores = await Db.SortedSetScoresAsync(Online, ids.Select(id => (RedisValue)id).ToArray());
        var now = Now();
        return ids.Where((_, i) => scores[i] > now).ToHashSet();
    }

    /// <returns>True when the user was not in the online set at all.</returns>
    private async Task<bool> RenewLeaseAsync(IDatabaseAsync db, string userId, double until)
    {
        var leases = Leases(userId);
        var lease = db.SortedSetAddAsync(leases, _replica, until);
        var expiry = db.KeyExpireAsync(leases, _timeout * 2);
        var added = db.SortedSetAddAsync(Online, userId, until, SortedSetWhen.GreaterThan);
        await Task.WhenAll(lease, expiry, added);
        return await added;
    }

    private (double Now, double Until) Lease()
    {
        var now = Now();
        return (now, now + _timeout.TotalMilliseconds);
    }

    private double Now() => time.GetUtcNow().ToUnixTimeMilliseconds();

    private static RedisKey Leases(string userId) => $"{Prefix}leases:{userId}";
}
