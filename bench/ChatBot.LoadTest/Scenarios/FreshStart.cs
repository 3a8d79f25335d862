using System.Diagnostics;
using System.Text.Json;
using ChatBot.LoadTest.Api;
using ChatBot.LoadTest.Measuring;

namespace ChatBot.LoadTest.Scenarios;

/// <summary>
/// A freshly started API under S1's steady load, as a restart, a deploy or a new replica meets it: pairs that
/// already exist connect to an API that has served nothing yet and write at one rate from their first second.
/// Its latency is reported per <see cref="WindowSeconds"/> window by when each message was due, with the server's
/// CPU beside it, and the last half minute as the steady state the first seconds are held to.
/// The people and conversations are made beforehand, on another API process, by a first call with the same
/// <c>--accounts</c> file, so that none of the fresh API's first seconds go to making them.
/// </summary>
public sealed class FreshStart(LoadOptions options)
{
    private const int WindowSeconds = 5;
    private const int Seconds = 90;
    private const int SteadyFromSecond = 60;

    private readonly LatencyHistogram[] _windows = [.. Enumerable.Range(0, Seconds / WindowSeconds).Select(_ => new LatencyHistogram())];
    private readonly LatencyHistogram _steady = new();
    private readonly long[] _deliveredInWindow = new long[Seconds / WindowSeconds];
    private volatile RateRun? _run;

    private sealed record Prepared(User[] Users, Guid[] Conversations);

    private string AccountsFile => options.Accounts ?? throw new ArgumentException("--accounts is required.");

    public bool IsPrepared => File.Exists(AccountsFile);

    /// <summary>Makes the pairs and their conversations and writes them, tokens and all, to the accounts file.</summary>
    public async Task PrepareAsync()
    {
        var accounts = new Accounts(options.Api);
        var users = await accounts.CreateAsync(2 * options.Pairs, "fresh");
        await File.WriteAllTextAsync(AccountsFile, JsonSerializer.Serialize(new Prepared(users, await accounts.OpenPairsAsync(users))));
    }

    public async Task<ResultTable> RunAsync()
    {
        var rate = options.Rates.Min();
        var table = new ResultTable(options.Label ?? $"A freshly started API under S1 at {rate:N0} msgs/s",
            "from s", "to s", "delivered msgs/s", "p50 ms", "p99 ms", "max ms", "server CPU %");
        var prepared = JsonSerializer.Deserialize<Prepared>(await File.ReadAllTextAsync(AccountsFile))!;
        var server = new ServerProcess(options.ServerPids);
        var startedBefore = options.ServerPids.Length > 0
            ? DateTime.Now - Process.GetProcessById(options.ServerPids[0]).StartTime
            : TimeSpan.Zero;

        var connecting = Stopwatch.StartNew();
        var devices = await Task.WhenAll(prepared.Users.Select(user =>
            ChatConnection.ConnectAsync(options.Hub, user, options.MessagePack, message => Received(user.Id, message))));
        connecting.Stop();

        var run = RateRun.StartingNow(warmupSeconds: 0, Seconds);
        _run = run;
        var cpu = SampleCpuPerWindowAsync(server, run);
        await OpenLoop.RunAsync(run, rate, [], (k, due) =>
        {
            var sender = (int)(k % devices.Length);
            devices[sender].SendAsync(prepared.Conversations[sender / 2], due.ToString(System.Globalization.CultureInfo.InvariantCulture))
                .ContinueWith(sent =>
                {
                    if (sent.IsCompletedSuccessfully)
                    {
                        run.Acknowledge();
                    }
                    else
                    {
                        run.Fail();
                    }
                }, TaskContinuationOptions.ExecuteSynchronously);
        });
        var cpuPercent = await cpu;
        await Backlog.DrainAsync(() => run.Delivered, () => run.Acknowledged);

        for (var window = 0; window < _windows.Length; window++)
        {
            table.Add(window * WindowSeconds, (window + 1) * WindowSeconds, (double)_deliveredInWindow[window] / WindowSeconds,
                _windows[window].PercentileMilliseconds(50), _windows[window].PercentileMilliseconds(99), _windows[window].MaxMilliseconds,
                window < cpuPercent.Length ? cpuPercent[window] : double.NaN);
        }

        // The last row is the steady state: the targets hold each window from the 10th second to its p99.
        table.Add(SteadyFromSecond, Seconds, double.NaN, _steady.PercentileMilliseconds(50), _steady.PercentileMilliseconds(99), _steady.MaxMilliseconds, double.NaN);
        table.Note($"{options.Pairs} pairs, {(options.MessagePack ? "MessagePack" : "JSON")}; the API was started {startedBefore.TotalSeconds:0.0} s before the first " +
            $"connection (its time to answer /health, polled every 0.2 s) and served nothing before; its devices connected in {connecting.Elapsed.TotalSeconds:0.00} s. " +
            $"Windows by when each message was due, from the first send; the last row, seconds {SteadyFromSecond}–{Seconds}, is the steady state.");
        if (options.ServerPids.Length > 0)
        {
            table.Note($"The API's resident memory at the end: {server.ResidentBytes / (1024.0 * 1024):N0} MiB.");
        }

        if (run.Failed > 0)
        {
            table.Fail($"{run.Failed} sends were not acknowledged.");
        }

        var lost = run.Acknowledged - run.Delivered;
        if (lost != 0)
        {
            table.Fail($"{lost} acknowledged messages never reached their recipient.");
        }

        foreach (var device in devices)
        {
            await device.DisposeAsync();
        }

        return table;
    }

    private void Received(string me, Message message)
    {
        if (message.SenderId == me || _run is not { } run)
        {
            return; // the fan-out also returns each message to its sender's own devices
        }

        var now = Stopwatch.GetTimestamp();
        var due = long.Parse(message.Body, System.Globalization.CultureInfo.InvariantCulture);
        run.Deliver(now, due, message.ClientMessageId);
        var second = Stopwatch.GetElapsedTime(run.Start, due).TotalSeconds;
        var latency = Stopwatch.GetElapsedTime(due, now);
        _windows[Math.Clamp((int)(second / WindowSeconds), 0, _windows.Length - 1)].Record(latency);
        if ((int)(Stopwatch.GetElapsedTime(run.Start, now).TotalSeconds / WindowSeconds) is var arrivedIn && arrivedIn < _deliveredInWindow.Length)
        {
            Interlocked.Increment(ref _deliveredInWindow[arrivedIn]);
        }

        if (second >= SteadyFromSecond)
        {
            _steady.Record(latency);
        }
    }

    /// <summary>The server's CPU, as a share of one core, in each window of the run.</summary>
    private static async Task<double[]> SampleCpuPerWindowAsync(ServerProcess server, RateRun run)
    {
        if (!server.IsKnown)
        {
            return [];
        }

        var percent = new double[Seconds / WindowSeconds];
        await Task.Delay(OpenLoop.Until(run.Start));
        var before = server.CpuTime;
        for (var window = 0; window < percent.Length; window++)
        {
            await Task.Delay(OpenLoop.Until(run.Start + (window + 1) * WindowSeconds * Stopwatch.Frequency));
            var now = server.CpuTime;
            percent[window] = (now - before).TotalSeconds / WindowSeconds * 100;
            before = now;
        }

        return percent;
    }
}
