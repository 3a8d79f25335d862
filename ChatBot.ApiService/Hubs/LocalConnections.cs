namespace ChatBot.ApiService.Hubs;

/// <summary>The hub connections open on this replica, and whose they are.</summary>
public sealed class LocalConnections
{
    private readonly Dictionary<string, string> _users = [];
    private readonly Dictionary<string, int> _countByUser = [];
    private readonly Lock _lock = new();

    public IReadOnlyCollection<string> UserIds
    {
        get
        {
            lock (_lock)
            {
                return [.. _countByUser.Keys];
            }
        }
    }

    /// <returns>True when this is the user's first connection on this replica.</returns>
    public bool Add(string connectionId, string userId)
    {
        lock (_lock)
        {
            _users[connectionId] = userId;
            var count = _countByUser.GetValueOrDefault(userId);
            _countByUser[userId] = count + 1;
            return count == 0;
        }
    }

    /// <returns>The connection's user, and whether it was their last connection on this replica.</returns>
    public (string? UserId, bool WasLast) Remove(string connectionId)
    {
        lock (_lock)
        {
            if (!_users.Remove(connectionId, out var userId))
            {
                return (null, false);
            }

            var count = _countByUser[userId] - 1;
            if (count > 0)
            {
                _countByUser[userId] = count;
                return (userId, false);
            }

            _countByUser.Remove(userId);
            return (userId, true);
        }
    }
}
