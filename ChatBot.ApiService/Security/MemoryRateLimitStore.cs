using Microsoft.Extensions.Caching.Memory;

namespace ChatBot.ApiService.Security;

/// <summary>
/// Rate-limit state of a single replica. Entries carry their own expiry, read against the app's clock;
/// the cache only bounds how long they are kept.
/// </summary>
public sealed class MemoryRateLimitStore(IMemoryCache cache, TimeProvider time) : IRateLimitStore
{
    private readonly Lock _lock = new();

    public Task<TimeSpan?> TryTakeAsync(string key, double permitsPerSecond, int burst)
    {
        var now = time.GetUtcNow();
        var interval = TimeSpan.FromSeconds(1 / permitsPerSecond);
        lock (_lock)
        {
            // The theoretical arrival time: when the allowance would be full again.
            var tat = Read(key) is { } stored ? DateTimeOffset.FromUnixTimeMilliseconds(stored.Value) : now;
            var next = (tat > now ? tat : now) + interval;
            var allowedFrom = next - interval * burst;
            if (allowedFrom > now)
            {
                return Task.FromResult<TimeSpan?>(allowedFrom - now);
            }

            Write(key, new Entry(next.ToUnixTimeMilliseconds(), next), next - now);
            return Task.FromResult<TimeSpan?>(null);
        }
    }

    public Task<long> CountAsync(string key)
    {
        lock (_lock)
        {
            return Task.FromResult(Read(key)?.Value ?? 0);
        }
    }

    public Task<long> IncrementAsync(string key, TimeSpan window)
    {
        lock (_lock)
        {
            var entry = Read(key) is { } counter
                ? counter with { Value = counter.Value + 1 }
                : new Entry(1, time.GetUtcNow() + window);
            Write(key, entry, entry.ExpiresAt - time.GetUtcNow());
            return Task.FromResult(entry.Value);
        }
    }

    public Task ResetAsync(string key)
    {
        lock (_lock)
        {
            cache.Remove(CacheKey(key));
        }

        return Task.CompletedTask;
    }

    private Entry? Read(string key) =>
        cache.TryGetValue(CacheKey(key), out Entry? entry) && entry!.ExpiresAt > time.GetUtcNow() ? entry : null;

    // Kept a minute past the entry's own expiry: the cache's clock is not the app's (a test moves that one),
    // and an entry gone early would hand out a fresh allowance.
    private void Write(string key, Entry entry, TimeSpan keepFor) =>
        cache.Set(CacheKey(key), entry, (keepFor > TimeSpan.Zero ? keepFor : TimeSpan.Zero) + TimeSpan.FromMinutes(1));

    private static (Type, string) CacheKey(string key) => (typeof(MemoryRateLimitStore), key);

    private sealed record Entry(long Value, DateTimeOffset ExpiresAt);
}
