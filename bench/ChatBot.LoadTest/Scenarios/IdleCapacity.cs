using System.Diagnostics;
using ChatBot.LoadTest.Api;
using ChatBot.LoadTest.Measuring;

namespace ChatBot.LoadTest.Scenarios;

/// <summary>
/// S2: authenticated connections opened at a fixed rate and held idle. Reports how fast they opened, what
/// each costs the server in resident memory, and what keeping them alive costs it in CPU.
/// </summary>
public sealed class IdleCapacity(LoadOptions options)
{
    private const int MaxConnectsInFlight = 256;

    public async Task<ResultTable> RunAsync()
    {
        var table = new ResultTable(options.Label ?? "S2: idle connections",
            "connections", "people", "connects/s", "failed", "server RSS before MiB", "server RSS after MiB", "KiB per connection", "keep-alive CPU %");
        var server = new ServerProcess(options.ServerPids);
        if (!server.IsKnown)
        {
            table.Fail("--server-pid is required: memory and CPU are the server's.");
            return table;
        }

        var users = await Accounts.SignInAtAsync(options.ThroughWeb ? options.Hub : null, await new Accounts(options.Api).CreateAsync(options.Users, "idle"));
        var before = server.ResidentBytes;

        var connections = new IdleConnection?[options.Connections];
        var failed = 0;
        using var inFlight = new SemaphoreSlim(MaxConnectsInFlight);
        var opening = new List<Task>(options.Connections);
        var started = Stopwatch.GetTimestamp();
        var perConnect = (double)Stopwatch.Frequency / options.ConnectRate;
        for (var i = 0; i < options.Connections; i++)
        {
            var due = started + (long)(i * perConnect);
            while (Stopwatch.GetTimestamp() < due)
            {
                await Task.Delay(1);
            }

            await inFlight.WaitAsync();
            var index = i;
            opening.Add(Task.Run(async () =>
            {
                try
                {
                    connections[index] = await IdleConnection.OpenAsync(options.Hub, users[index % users.Length], options.MessagePack);
                }
                catch (Exception)
                {
                    Interlocked.Increment(ref failed);
                }
                finally
                {
                    inFlight.Release();
                }
            }));
        }

        await Task.WhenAll(opening);
        var connectSeconds = Stopwatch.GetElapsedTime(started).TotalSeconds;

        var cpuBefore = server.CpuTime;
        await HoldAsync(connections.OfType<IdleConnection>().ToList(), TimeSpan.FromSeconds(options.HoldSeconds));
        var keepAliveCpu = (server.CpuTime - cpuBefore).TotalSeconds / options.HoldSeconds * 100;
        var after = server.ResidentBytes;
        var open = connections.Count(c => c is not null);

        table.Add(open, users.Length, open / connectSeconds, failed, before / 1048576.0, after / 1048576.0,
            open == 0 ? double.NaN : (after - before) / 1024.0 / open, keepAliveCpu);
        table.Note($"Opened at up to {options.ConnectRate:N0}/s ({MaxConnectsInFlight} at a time), held {options.HoldSeconds:0} s; {(options.MessagePack ? "MessagePack" : "JSON")}.");
        if (failed > 0)
        {
            table.Fail($"{failed} of {options.Connections} connections could not be opened.");
        }

        await Parallel.ForEachAsync(connections.OfType<IdleConnection>(), new ParallelOptions { MaxDegreeOfParallelism = 64 },
            async (connection, _) => await connection.DisposeAsync());
        return table;
    }

    // The server pings every 15 s and drops a client silent for 30 s: held connections ping back.
    private static async Task HoldAsync(List<IdleConnection> connections, TimeSpan hold)
    {
        var pingEvery = TimeSpan.FromSeconds(15);
        var held = Stopwatch.StartNew();
        for (var next = pingEvery; next < hold; next += pingEvery)
        {
            await Task.Delay(Remaining(next));
            await Task.WhenAll(connections.Select(connection => connection.PingAsync()));
        }

        await Task.Delay(Remaining(hold));

        TimeSpan Remaining(TimeSpan until) => until > held.Elapsed ? until - held.Elapsed : TimeSpan.Zero;
    }
}
