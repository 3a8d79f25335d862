namespace ChatBot.ApiService.Presence;

/// <summary>Who is online, shared by every replica (Redis), or by the one replica there is (memory).</summary>
public interface IPresenceStore
{
    /// <summary>This replica has the user's first connection; true when that makes them online.</summary>
    Task<bool> MarkOnlineAsync(string userId);

    /// <summary>This replica has lost the user's last connection; true when no replica has one now.</summary>
    Task<bool> MarkOfflineAsync(string userId);

    /// <summary>Renews this replica's leases; returns the users who were not counted online until now.</summary>
    Task<IReadOnlyList<string>> RenewAsync(IReadOnlyCollection<string> userIds);

    /// <summary>Takes the users whose every lease has lapsed (their replica died): each is returned to one replica only.</summary>
    Task<IReadOnlyList<(string UserId, DateTimeOffset LastSeenAt)>> SweepAsync();

    Task<IReadOnlySet<string>> OnlineAmongAsync(IReadOnlyCollection<string> userIds);
}
