namespace ChatBot.ApiService.Security;

/// <summary>Rate-limit state, shared by every replica (Redis), or by the one replica there is (memory).</summary>
public interface IRateLimitStore
{
    /// <summary>
    /// Takes a permit from <paramref name="key"/>'s allowance (the generic cell rate algorithm: a steady
    /// <paramref name="permitsPerSecond"/>, bursts of up to <paramref name="burst"/>).
    /// </summary>
    /// <returns>Null when the permit was taken; otherwise how long until one is free.</returns>
    Task<TimeSpan?> TryTakeAsync(string key, double permitsPerSecond, int burst);

    Task<long> CountAsync(string key);

    /// <summary>Counts one more; the count lives for <paramref name="window"/> from its first.</summary>
    Task<long> IncrementAsync(string key, TimeSpan window);

    Task ResetAsync(string key);
}
