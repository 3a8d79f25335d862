namespace ChatBot.ApiService.Presence;

/// <summary>Presence for a single replica: its own connections are all there is, and nothing lapses.</summary>
public sealed class MemoryPresenceStore : IPresenceStore
{
    private readonly HashSet<string> _online = [];
    private readonly Lock _lock = new();

    public Task<bool> MarkOnlineAsync(string userId)
    {
        lock (_lock)
        {
            return Task.FromResult(_online.Add(userId));
        }
    }

    public Task<bool> MarkOfflineAsync(string userId)
    {
        lock (_lock)
        {
            return Task.FromResult(_online.Remove(userId));
        }
    }

    public Task<IReadOnlyList<string>> RenewAsync(IReadOnlyCollection<string> userIds)
    {
        lock (_lock)
        {
            return Task.FromResult<IReadOnlyList<string>>(userIds.Where(_online.Add).ToList());
        }
    }

    public Task<IReadOnlyList<(string UserId, DateTimeOffset LastSeenAt)>> SweepAsync() =>
        Task.FromResult<IReadOnlyList<(string, DateTimeOffset)>>([]);

    public Task<IReadOnlySet<string>> OnlineAmongAsync(IReadOnlyCollection<string> userIds)
    {
        lock (_lock)
        {
            return Task.FromResult<IReadOnlySet<string>>(userIds.Where(_online.Contains).ToHashSet());
        }
    }
}
