using Microsoft.Extensions.Caching.Memory;

namespace ChatBot.ApiService.Security;

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
            var tat = cache.TryGetValue(Key(key), out DateTimeOffset stored) && stored > now ? stored : now;
            var next = tat + interval;
            var allowedFrom = next - interval * burst;
            if (allowedFrom > now)
            {
                return Task.FromResult<TimeSpan?>(allowedFrom - now);
            }

            cache.Set(Key(key), next, next);
            return Task.FromResult<TimeSpan?>(null);
        }
    }

    public Task<long> CountAsync(string key) =>
        Task.FromResult(cache.TryGetValue(Key(key), out Counter? counter) ? counter!.Value : 0);

    public Task<long> IncrementAsync(string key, TimeSpan window)
    {
        lock (_lock)
        {
            if (!cache.TryGetValue(Key(key), out Counter? counter))
            {
                counter = cache.Set(Key(key), new Counter(), time.GetUtcNow() + window);
            }

            return Task.FromResult(++counter!.Value);
        }
    }

    public Task ResetAsync(string key)
    {
        cache.Remove(Key(key));
        return Task.CompletedTask;
    }

    private static (Type, string) Key(string key) => (typeof(MemoryRateLimitStore), key);

    private sealed class Counter
    {
        public long Value;
    }
}
