using System.Diagnostics;

namespace ChatBot.LoadTest.Measuring;

/// <summary>
/// Drives one rate open loop: one thread issues every send when it is due, and nothing waits for an answer
/// before the next is due, so a server that falls behind shows it in the latency (no coordinated omission).
/// </summary>
public static class OpenLoop
{
    private static readonly TimeSpan SettleTimeout = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Calls <paramref name="send"/> with the number and due time of each send until the run ends, measures the
    /// server's CPU over the measured window, then waits (a while at most) for the answers and deliveries.
    /// </summary>
    public static async Task RunAsync(RateRun run, int rate, IReadOnlyList<int> serverPids, Action<long, long> send)
    {
        var measuringCpu = MeasureServerCpuAsync(run, serverPids);

        // It is awaited, not joined: a pool thread blocked here would starve the generator's receiving.
        var issued = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var sending = new Thread(() =>
        {
            var perMessage = (double)Stopwatch.Frequency / rate;
            for (long k = 0; ; k++)
            {
                var due = run.Start + (long)(k * perMessage);
                if (due >= run.End)
                {
                    issued.SetResult();
                    return;
                }

                while (Stopwatch.GetTimestamp() < due)
                {
                    Thread.Sleep(1);
                }

                run.Sent();
                send(k, due);
            }
        }) { IsBackground = true, Name = "open-loop sender" };
        sending.Start();
        await issued.Task;
        await measuringCpu;

        using var settle = new CancellationTokenSource(SettleTimeout);
        while (!run.Settled && !settle.IsCancellationRequested)
        {
            await Task.Delay(50);
        }
    }

    /// <summary>The server's CPU time from the start of the measured window to its end.</summary>
    private static async Task MeasureServerCpuAsync(RateRun run, IReadOnlyList<int> serverPids)
    {
        var server = new ServerProcess(serverPids);
        if (!server.IsKnown)
        {
            return;
        }

        await Task.Delay(Until(run.MeasureFrom));
        var before = server.CpuTime;
        await Task.Delay(Until(run.End));
        run.ServerCpu = server.CpuTime - before;
    }

    /// <summary>How long until <paramref name="timestamp"/> (a <see cref="Stopwatch"/> timestamp); zero once it has passed.</summary>
    public static TimeSpan Until(long timestamp) =>
        TimeSpan.FromTicks(Math.Max(0, Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), timestamp).Ticks));
}
