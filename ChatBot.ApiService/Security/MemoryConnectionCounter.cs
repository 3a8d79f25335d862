namespace ChatBot.ApiService.Security;

public sealed class MemoryConnectionCounter : IConnectionCounter
{
    private readonly Dictionary<string, HashSet<string>> _connections = [];
    private readonly Lock _lock = new();

    public Task<bool> TryAddAsync(string userId, string connectionId, int max)
    {
        lock (_lock)
        {
            if (!_connections.TryGetValue(userId, out var open))
            {
                _connections[userId] = open = [];
            }

            return Task.FromResult(open.Count < max && open.Add(connectionId));
        }
    }

    public Task RemoveAsync(string userId, string connectionId)
    {
        lock (_lock)
        {
            if (_connections.TryGetValue(userId, out var open) && open.Remove(connectionId) && open.Count == 0)
            {
                _connections.Remove(userId);
            }
        }

        return Task.CompletedTask;
    }
}
