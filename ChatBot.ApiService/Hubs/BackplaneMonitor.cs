using Microsoft.AspNetCore.SignalR;
using StackExchange.Redis;

namespace ChatBot.ApiService.Hubs;

/// <summary>
/// While a replica is cut off from the Redis backplane, what other replicas send does not reach its
/// connections live, and what it sends does not reach theirs (it is stored all the same). When its Redis
/// connection is back, the replica first proves that the backplane delivers to it again, by a probe sent
/// through it, and only then asks every connection, on every replica, to catch up from the database: a
/// connection that caught up before the subscriptions were back would miss what was sent in between, and
/// see no gap if nothing came after.
/// </summary>
/// <remarks>
/// StackExchange.Redis raises <see cref="IConnectionMultiplexer.ConnectionRestored"/> for the subscription
/// connection once it has sent the subscriptions again, before Redis has taken them; and when that
/// connection is back before the other one, it sends none (commands fail at once while disconnected),
/// leaving them to the reconfiguration that the other one's return starts, unless one is running already.
/// </remarks>
public sealed partial class BackplaneMonitor(
    IServiceProvider services,
    IHostApplicationLifetime lifetime,
    ILogger<BackplaneMonitor> logger)
{
    /// <summary>How long a probe may take to come back, and how long to wait before trying again.</summary>
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(1);

    private readonly RedisChannel _probes = RedisChannel.Literal($"backplane-probe:{Guid.NewGuid():N}");
    private Probe? _probe;
    private int _restores;

    public IConnectionMultiplexer Watch(IConnectionMultiplexer backplane)
    {
        // Fire and forget: Redis may be down as this replica starts; the subscription is made when it is back.
        backplane.GetSubscriber().Subscribe(_probes, (_, id) => Volatile.Read(ref _probe)?.CameBack(id), CommandFlags.FireAndForget);
        backplane.ConnectionRestored += (_, _) =>
        {
            // One confirmation at a time; a connection restored during one makes it go round again.
            if (Interlocked.Increment(ref _restores) == 1)
            {
                _ = ConfirmAsync(backplane, lifetime.ApplicationStopping);
            }
        };
        return backplane;
    }

    private async Task ConfirmAsync(IConnectionMultiplexer backplane, CancellationToken stopping)
    {
        try
        {
            while (true)
            {
                var restores = Volatile.Read(ref _restores);
                await UntilDeliveringAsync(backplane, stopping);
                if (!await RequestResyncAsync())
                {
                    await Task.Delay(ProbeTimeout, stopping);
                }
                else if (Interlocked.CompareExchange(ref _restores, 0, restores) == restores)
                {
                    return;
                }
            }
        }
        catch (Exception) when (stopping.IsCancellationRequested)
        {
            // The replica is stopping; its connections catch up wherever they connect next.
        }
    }

    private async Task UntilDeliveringAsync(IConnectionMultiplexer backplane, CancellationToken stopping)
    {
        var subscriber = backplane.GetSubscriber();
        while (true)
        {
            try
            {
                // Answered on the subscription connection once Redis has taken every subscription sent before.
                await subscriber.PingAsync();
                if (await ProbeAsync(subscriber, stopping))
                {
                    return;
                }

                LogNotDelivering(logger);
                // A reconfiguration ends by sending again the subscriptions that are not in place.
                await backplane.ConfigureAsync();
            }
            catch (Exception exception) when (!stopping.IsCancellationRequested)
            {
                // Down again, most likely: tried again in a moment. A command cut off by a dropped connection may
                // end as cancelled too; only the replica's stopping ends the confirmation, or it would never run again.
                LogProbeFailed(logger, exception);
            }

            await Task.Delay(ProbeTimeout, stopping);
        }
    }

    /// <returns>Whether a message this replica published came back through its own subscription.</returns>
    private async Task<bool> ProbeAsync(ISubscriber subscriber, CancellationToken stopping)
    {
        var probe = new Probe(Guid.NewGuid().ToString("N"));
        Volatile.Write(ref _probe, probe);
        // Redis answers with how many subscribers it published to: none, and this replica's are not back.
        if (await subscriber.PublishAsync(_probes, probe.Id) == 0)
        {
            return false;
        }

        try
        {
            await probe.Back.Task.WaitAsync(ProbeTimeout, stopping);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    private async Task<bool> RequestResyncAsync()
    {
        // Resolved here, not injected: the hub context depends on the backplane this monitor is given.
        var hub = services.GetRequiredService<IHubContext<ChatHub, IChatClient>>();
        LogResync(logger);
        try
        {
            // Through the backplane, to every replica: the others' connections missed what this one could not send them.
            await hub.Clients.All.ResyncRequested();
            return true;
        }
        catch (Exception exception)
        {
            LogResyncFailed(logger, exception);
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The Redis backplane is back; asking every connection to catch up")]
    private static partial void LogResync(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The Redis backplane is connected but does not deliver to this replica yet; subscribing again")]
    private static partial void LogNotDelivering(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Probing the Redis backplane failed; probing again")]
    private static partial void LogProbeFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Asking every connection to catch up failed; asking again once the backplane delivers")]
    private static partial void LogResyncFailed(ILogger logger, Exception exception);

    /// <summary>A message this replica publishes to itself through Redis, awaited until it comes back.</summary>
    private sealed class Probe(string id)
    {
        public string Id { get; } = id;

        public TaskCompletionSource Back { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void CameBack(RedisValue id)
        {
            if (id == Id)
            {
                Back.TrySetResult();
            }
        }
    }
}
