using System.Diagnostics;
using ChatBot.LoadTest.Api;
using ChatBot.LoadTest.Measuring;
using ChatDbContext = ChatBot.Data.ChatDbContext;
using ChatDbContextRegistration = ChatBot.Data.ChatDbContextRegistration;
using Microsoft.EntityFrameworkCore;

namespace ChatBot.LoadTest.Scenarios;

/// <summary>
/// S1: pairs of people writing to each other, open loop at a fixed total rate, for each rate of a sweep.
/// Latency runs from the moment a message was due to be sent to its arrival at the recipient, so a server
/// that falls behind shows it (no coordinated omission). With the server's processes known, it also reports
/// their CPU while each rate was measured: in all, and per message delivered.
/// </summary>
public sealed class OneToOne(LoadOptions options)
{
    private static readonly TimeSpan SettleTimeout = TimeSpan.FromSeconds(30);

    private User[] _users = [];
    private Guid[] _conversations = [];
    private volatile RateRun? _run;
    private long _acknowledged;
    private long _delivered;

    public async Task<ResultTable> RunAsync()
    {
        var table = new ResultTable(options.Label ?? "S1: one-to-one, persisted",
            "offered msgs/s", "delivered msgs/s", "p50 ms", "p99 ms", "max ms", "server CPU %", "CPU µs/msg", "acknowledged", "delivered", "lost");

        var accounts = new Accounts(options.Api);
        _users = await Accounts.SignInAtAsync(options.ThroughWeb ? options.Hub : null, await accounts.CreateAsync(2 * options.Pairs, "pair"));
        _conversations = new Guid[options.Pairs];
        for (var pair = 0; pair < options.Pairs; pair++)
        {
            _conversations[pair] = await accounts.OpenConversationAsync(_users[2 * pair], _users[2 * pair + 1]);
        }

        var devices = new ChatConnection[_users.Length];
        for (var i = 0; i < _users.Length; i++)
        {
            var me = _users[i].Id;
            devices[i] = await ChatConnection.ConnectAsync(options.Hub, _users[i], options.MessagePack, message => Received(me, message));
        }

        // Unreported: JIT tiers, caches and pools settle before anything is measured.
        await RunAtAsync(options.Rates.Min(), devices, options.FirstWarmupSeconds, 0);

        foreach (var rate in options.Rates)
        {
            var run = await RunAtAsync(rate, devices, options.WarmupSeconds, options.DurationSeconds);
            table.Add(rate, run.DeliveredPerSecond, run.Latency.PercentileMilliseconds(50), run.Latency.PercentileMilliseconds(99),
                run.Latency.MaxMilliseconds, run.ServerCpuPercent, run.ServerCpuMicrosecondsPerMessage,
                run.Acknowledged, run.Delivered, run.Acknowledged - run.Delivered);
            if (run.Failed > 0)
            {
                table.Fail($"{run.Failed} sends at {rate} msgs/s were not acknowledged.");
            }
        }

        var lost = Interlocked.Read(ref _acknowledged) - Interlocked.Read(ref _delivered);
        table.Note($"{options.Pairs} pairs, {(options.MessagePack ? "MessagePack" : "JSON")}{(options.ThroughWeb ? ", through the web front end" : "")}; " +
            $"{options.FirstWarmupSeconds:0.#} s of warm-up first, then per rate " +
            $"{options.WarmupSeconds:0.#} s to settle and {options.DurationSeconds:0.#} s measured.");
        if (lost != 0)
        {
            table.Fail($"{lost} acknowledged messages never reached their recipient.");
        }

        if (options.Database is not null)
        {
            var stored = await CountStoredAsync(options.Database);
            table.Note($"Stored rows {stored:N0} = acknowledgements {Interlocked.Read(ref _acknowledged):N0}: {(stored == Interlocked.Read(ref _acknowledged) ? "yes" : "NO")}.");
            if (stored != Interlocked.Read(ref _acknowledged))
            {
                table.Fail($"{stored} rows stored for {Interlocked.Read(ref _acknowledged)} acknowledged messages.");
            }
        }

        foreach (var device in devices)
        {
            await device.DisposeAsync();
        }

        return table;
    }

    private async Task<RateRun> RunAtAsync(int rate, ChatConnection[] devices, double warmupSeconds, double durationSeconds)
    {
        var frequency = Stopwatch.Frequency;
        var start = Stopwatch.GetTimestamp() + frequency / 10;
        var run = new RateRun(
            measureFrom: start + (long)(warmupSeconds * frequency),
            end: start + (long)((warmupSeconds + durationSeconds) * frequency));
        _run = run;
        var measuringCpu = MeasureServerCpuAsync(run);

        // One thread issues every send when it is due; nothing waits for an answer before the next is due.
        // It is awaited, not joined: a pool thread blocked here would starve the generator's receiving.
        var issued = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var sending = new Thread(() =>
        {
            var perMessage = (double)frequency / rate;
            for (long k = 0; ; k++)
            {
                var due = start + (long)(k * perMessage);
                if (due >= run.End)
                {
                    issued.SetResult();
                    return;
                }

                while (Stopwatch.GetTimestamp() < due)
                {
                    Thread.Sleep(1);
                }

                var sender = (int)(k % devices.Length);
                run.Sent();
                devices[sender].SendAsync(_conversations[sender / 2], due.ToString(System.Globalization.CultureInfo.InvariantCulture))
                    .ContinueWith(sent => Acknowledged(run, sent), TaskContinuationOptions.ExecuteSynchronously);
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

        return run;
    }

    /// <summary>The server's CPU time from the start of the measured window to its end.</summary>
    private async Task MeasureServerCpuAsync(RateRun run)
    {
        var server = new ServerProcess(options.ServerPids);
        if (!server.IsKnown)
        {
            return;
        }

        await Task.Delay(Until(run.MeasureFrom));
        var before = server.CpuTime;
        await Task.Delay(Until(run.End));
        run.ServerCpu = server.CpuTime - before;

        static TimeSpan Until(long timestamp) =>
            TimeSpan.FromTicks(Math.Max(0, Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), timestamp).Ticks));
    }

    private void Acknowledged(RateRun run, Task<Message> sent)
    {
        if (sent.IsCompletedSuccessfully)
        {
            run.Acknowledge();
            Interlocked.Increment(ref _acknowledged);
        }
        else
        {
            run.Fail();
        }
    }

    private void Received(string me, Message message)
    {
        if (message.SenderId == me || _run is not { } run)
        {
            return; // the fan-out also returns each message to its sender's own devices
        }

        var now = Stopwatch.GetTimestamp();
        Interlocked.Increment(ref _delivered);
        run.Deliver(now, long.Parse(message.Body, System.Globalization.CultureInfo.InvariantCulture));
    }

    private async Task<long> CountStoredAsync(string connectionString)
    {
        await using var db = new ChatDbContext(
            ChatDbContextRegistration.UseChatDatabase(new DbContextOptionsBuilder<ChatDbContext>(), connectionString).Options);
        return await db.Messages.LongCountAsync(m => _conversations.Contains(m.ConversationId));
    }

    /// <summary>One rate of the sweep: what was sent, acknowledged and delivered, and when.</summary>
    private sealed class RateRun(long measureFrom, long end)
    {
        private long _sent;
        private long _acknowledged;
        private long _failed;
        private long _delivered;
        private long _deliveredInWindow;

        public long MeasureFrom { get; } = measureFrom;

        public long End { get; } = end;

        /// <summary>The server's processes' CPU time while the rate was measured; null when they are not known.</summary>
        public TimeSpan? ServerCpu { get; set; }

        public double ServerCpuPercent => ServerCpu is { } cpu ? cpu.TotalSeconds / Seconds * 100 : double.NaN;

        public double ServerCpuMicrosecondsPerMessage =>
            ServerCpu is { } cpu && _deliveredInWindow > 0 ? cpu.TotalMicroseconds / Interlocked.Read(ref _deliveredInWindow) : double.NaN;

        private double Seconds => (double)(End - MeasureFrom) / Stopwatch.Frequency;

        public LatencyHistogram Latency { get; } = new();

        public long Acknowledged => Interlocked.Read(ref _acknowledged);

        public long Delivered => Interlocked.Read(ref _delivered);

        public long Failed => Interlocked.Read(ref _failed);

        /// <summary>Messages that arrived while the rate was measured, per second of it.</summary>
        public double DeliveredPerSecond => Interlocked.Read(ref _deliveredInWindow) / Seconds;

        public bool Settled => Interlocked.Read(ref _acknowledged) + Interlocked.Read(ref _failed) == Interlocked.Read(ref _sent)
            && Interlocked.Read(ref _delivered) >= Interlocked.Read(ref _acknowledged);

        public void Sent() => Interlocked.Increment(ref _sent);

        public void Acknowledge() => Interlocked.Increment(ref _acknowledged);

        public void Fail() => Interlocked.Increment(ref _failed);

        public void Deliver(long now, long due)
        {
            Interlocked.Increment(ref _delivered);
            if (now >= MeasureFrom && now < End)
            {
                Interlocked.Increment(ref _deliveredInWindow);
            }

            if (due >= MeasureFrom)
            {
                Latency.Record(Stopwatch.GetElapsedTime(due, now));
            }
        }
    }
}
