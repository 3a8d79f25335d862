using ChatBot.ApiService.Hubs;
using ChatBot.ApiService.Users;
using ChatBot.Data;
using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore;

namespace ChatBot.ApiService.Presence;

public sealed record PresenceNotice(string UserId, bool IsOnline, DateTimeOffset? LastSeenAt);

/// <summary>
/// Turns a user's first and last connection on this replica into presence changes, told live to whoever
/// watches that user. Presence is best effort: a failing store is logged,
/// never allowed to refuse a connection.
/// </summary>
public sealed partial class PresenceTracker(
    LocalConnections connections,
    IPresenceStore store,
    IHubContext<ChatHub, IChatClient> hub,
    IServiceScopeFactory scopes,
    TimeProvider time,
    ILogger<PresenceTracker> logger)
{
    // A renewal reads who is connected here, then writes their leases: a last connection's goodbye in between
    // would be undone by that write, and the person shown online after they left. The two take turns; a first
    // connection need not wait, as renewing someone who is arriving is harmless.
    private readonly SemaphoreSlim _renewalOrGoodbye = new(1, 1);

    public static string GroupOf(string userId) => $"presence:{userId}";

    public async Task ConnectedAsync(string connectionId, string userId)
    {
        if (!connections.Add(connectionId, userId))
        {
            return;
        }

        await BestEffortAsync(async () =>
        {
            if (await store.MarkOnlineAsync(userId))
            {
                await WentOnlineAsync(userId);
            }
        });
    }

    public async Task DisconnectedAsync(string connectionId)
    {
        if (connections.Remove(connectionId) is not (string userId, true))
        {
            return;
        }

        var wentOffline = false;
        await InTurnAsync(async () => wentOffline = await store.MarkOfflineAsync(userId));
        if (wentOffline)
        {
            await BestEffortAsync(() => WentOfflineAsync(userId, StoredTime.UtcNow(time)));
        }
    }

    /// <summary>Renews the leases of the users connected here now, announcing anyone the store had lost.</summary>
    public Task RenewAsync() => InTurnAsync(async () =>
    {
        foreach (var userId in await store.RenewAsync(connections.UserIds))
        {
            await WentOnlineAsync(userId);
        }
    });

    /// <summary>Announces as offline the users whose every lease has lapsed (their replica died).</summary>
    public Task SweepAsync() => BestEffortAsync(async () =>
    {
        foreach (var (userId, lastSeenAt) in await store.SweepAsync())
        {
            await WentOfflineAsync(userId, lastSeenAt);
        }
    });

    /// <summary>The summaries, each with whether that person is online now.</summary>
    public async Task<List<UserSummary>> WithPresenceAsync(IReadOnlyCollection<UserSummary> users)
    {
        IReadOnlySet<string> online = new HashSet<string>();
        await BestEffortAsync(async () => online = await store.OnlineAmongAsync(users.Select(u => u.Id).ToList()));
        return users.Select(u => u with { IsOnline = online.Contains(u.Id) }).ToList();
    }

    /// <summary>Who of these people is online now, and when the others were last seen; empty if unknown.</summary>
    public async Task<List<PresenceNotice>> PresenceOfAsync(IReadOnlyCollection<string> userIds)
    {
        IReadOnlySet<string>? online = null;
        await BestEffortAsync(async () => online = await store.OnlineAmongAsync(userIds));
        if (online is null || userIds.Count == 0)
        {
            return [];
        }

        await using var scope = scopes.CreateAsyncScope();
        var people = await scope.ServiceProvider.GetRequiredService<ChatDbContext>().Users
            .Where(u => userIds.Contains(u.Id))
            .Select(u => new { u.Id, u.LastSeenAt })
            .ToListAsync();
        return people.Select(p => online.Contains(p.Id)
            ? new PresenceNotice(p.Id, true, null)
            : new PresenceNotice(p.Id, false, p.LastSeenAt)).ToList();
    }

    private Task WentOnlineAsync(string userId) =>
        hub.Clients.Group(GroupOf(userId)).PresenceChanged(new PresenceNotice(userId, true, null));

    private async Task WentOfflineAsync(string userId, DateTimeOffset lastSeenAt)
    {
        await using (var scope = scopes.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<ChatDbContext>().Users
                .Where(u => u.Id == userId)
                .ExecuteUpdateAsync(s => s.SetProperty(u => u.LastSeenAt, lastSeenAt));
        }

        await hub.Clients.Group(GroupOf(userId)).PresenceChanged(new PresenceNotice(userId, false, lastSeenAt));
    }

    private async Task InTurnAsync(Func<Task> write)
    {
        await _renewalOrGoodbye.WaitAsync();
        try
        {
            await BestEffortAsync(write);
        }
        finally
        {
            _renewalOrGoodbye.Release();
        }
    }

    private async Task BestEffortAsync(Func<Task> action)
    {
        try
        {
            await action();
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogPresenceFailed(exception);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Updating presence failed; it is corrected at the next heartbeat")]
    private partial void LogPresenceFailed(Exception exception);
}
