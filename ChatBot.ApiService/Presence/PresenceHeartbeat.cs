using Microsoft.Extensions.Options;

namespace ChatBot.ApiService.Presence;

/// <summary>
/// Every heartbeat: renews this replica's leases (announcing anyone the store had lost) and sweeps the
/// users whose leases have all lapsed, which is how people on a replica that died go offline.
/// </summary>
public sealed class PresenceHeartbeat(
    PresenceTracker tracker,
    IPresenceStore store,
    IOptions<PresenceOptions> options,
    TimeProvider time) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.HeartbeatInterval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            await tracker.BestEffortAsync(async () =>
            {
                foreach (var userId in await store.RenewAsync(tracker.LocalUsers))
                {
                    await tracker.WentOnlineAsync(userId);
                }

                foreach (var (userId, lastSeenAt) in await store.SweepAsync())
                {
                    await tracker.WentOfflineAsync(userId, lastSeenAt);
                }
            });
        }
    }
}
