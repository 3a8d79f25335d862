using Microsoft.Extensions.Options;

namespace ChatBot.ApiService.Presence;

/// <summary>
/// Every heartbeat: renews this replica's leases (announcing anyone the store had lost) and sweeps the
/// users whose leases have all lapsed, which is how people on a replica that died go offline.
/// </summary>
public sealed class PresenceHeartbeat(
    PresenceTracker tracker,
    IOptions<PresenceOptions> options,
    TimeProvider time) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.HeartbeatInterval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            await tracker.RenewAsync();
            await tracker.SweepAsync();
        }
    }
}
