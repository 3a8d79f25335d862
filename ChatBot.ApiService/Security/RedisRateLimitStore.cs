using StackExchange.Redis;

namespace ChatBot.ApiService.Security;

public sealed class RedisRateLimitStore(IConnectionMultiplexer redis, TimeProvider time) : IRateLimitStore
{
    private const string Prefix = "chatbot:ratelimit:";

    // The generic cell rate algorithm, as MemoryRateLimitStore has it, atomic in Redis. Times in ms.
    private static readonly LuaScript Take = LuaScript.Prepare("""
        local stored = tonumber(redis.call('GET', @key))
        local now = tonumber(@now)
        local tat = now
        if stored and stored > now then tat = stored end
        local next = tat + tonumber(@interval)
        local allowedFrom = next - tonumber(@interval) * tonumber(@burst)
        if allowedFrom > now then return allowedFrom - now end
        redis.call('SET', @key, next, 'PX', math.ceil(next - now))
        return -1
        """);

    private IDatabase Db => redis.GetDatabase();

    public async Task<TimeSpan?> TryTakeAsync(string key, double permitsPerSecond, int burst)
    {
        var wait = (long)await Take.EvaluateAsync(Db, new
        {
            key = (RedisKey)(Prefix + key),
            now = time.GetUtcNow().ToUnixTimeMilliseconds(),
            interval = 1000 / permitsPerSecond,
            burst,
        });
        return wait < 0 ? null : TimeSpan.FromMilliseconds(wait);
    }

    public async Task<long> CountAsync(string key) => (long?)await Db.StringGetAsync(Prefix + key) ?? 0;

    public async Task<long> IncrementAsync(string key, TimeSpan window)
    {
        var count = await Db.StringIncrementAsync(Prefix + key);
        await Db.KeyExpireAsync(Prefix + key, window, ExpireWhen.HasNoExpiry);
        return count;
    }

    public Task ResetAsync(string key) => Db.KeyDeleteAsync(Prefix + key);
}
