using System.Diagnostics;
using ChatBot.LoadTest.Api;
using ChatBot.LoadTest.Measuring;
using ChatDbContext = ChatBot.Data.ChatDbContext;
using ChatDbContextRegistration = ChatBot.Data.ChatDbContextRegistration;
using Microsoft.EntityFrameworkCore;

namespace ChatBot.LoadTest.Scenarios;

/// <summary>
/// S4: groups (of 10 by default), each member on a device of their own, writing into their group, open loop at a
/// fixed total rate of sends, for each rate of a sweep; every other member receives each message. Delivered
/// counts each member's receipt of a message; the latency runs from the moment a message was due to be sent to
/// its arrival at the last of its recipients (no coordinated omission).
/// </summary>
public sealed class GroupChat(LoadOptions options)
{
    private User[] _users = [];
    private Guid[] _groups = [];
    private volatile RateRun? _run;
    private long _acknowledged;
    private long _delivered;

    public async Task<ResultTable> RunAsync()
    {
        var size = options.GroupSize;
        var table = new ResultTable(options.Label ?? $"S4: groups of {size}, every member receiving, persisted",
            "offered msgs/s", "delivered msgs/s", "p50 ms", "p99 ms", "max ms", "server CPU %", "CPU µs/delivery", "acknowledged", "delivered", "lost");

        var accounts = new Accounts(options.Api);
        _users = await Accounts.SignInAtAsync(options.ThroughWeb ? options.Hub : null, await accounts.CreateAsync(options.Groups * size, "member"));
        _groups = new Guid[options.Groups];
        for (var group = 0; group < options.Groups; group++)
        {
            var members = _users.Skip(group * size).Take(size).ToArray();
            _groups[group] = await accounts.CreateGroupAsync(members[0], $"Load group {group}", members.Skip(1));
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
                run.Latency.MaxMilliseconds, run.ServerCpuPercent, run.ServerCpuMicrosecondsPerDelivery,
                run.Acknowledged, run.Delivered, run.Acknowledged * (size - 1) - run.Delivered);
            if (run.Failed > 0)
            {
                table.Fail($"{run.Failed} sends at {rate} msgs/s were not acknowledged.");
            }
        }

        await Backlog.DrainAsync(() => Interlocked.Read(ref _delivered), () => Interlocked.Read(ref _acknowledged) * (size - 1));
        var lost = Interlocked.Read(ref _acknowledged) * (size - 1) - Interlocked.Read(ref _delivered);
        table.Note($"{options.Groups} groups of {size} people, each on one device, {(options.MessagePack ? "MessagePack" : "JSON")}" +
            $"{(options.ThroughWeb ? ", through the web front end" : "")}; offered is sends per second, delivered is messages " +
            $"received per second, {size - 1} per send; latency from due to the last member's receipt. " +
            $"{options.FirstWarmupSeconds:0.#} s of warm-up first, then per rate {options.WarmupSeconds:0.#} s to settle and {options.DurationSeconds:0.#} s measured.");
        if (lost != 0)
        {
            table.Fail($"{lost} receipts of acknowledged messages never arrived.");
        }

        if (options.Database is not null)
        {
            // Each group's first row is its creation.
            var stored = await CountStoredAsync(options.Database) - options.Groups;
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
        var run = RateRun.StartingNow(warmupSeconds, durationSeconds, recipients: options.GroupSize - 1);
        _run = run;
        await OpenLoop.RunAsync(run, rate, options.ServerPids, (k, due) =>
        {
            // Members take turns across the groups: group k % groups, then its next member.
            var group = (int)(k % _groups.Length);
            var sender = group * options.GroupSize + (int)(k / _groups.Length % options.GroupSize);
            devices[sender].SendAsync(_groups[group], due.ToString(System.Globalization.CultureInfo.InvariantCulture))
                .ContinueWith(sent => Acknowledged(run, sent), TaskContinuationOptions.ExecuteSynchronously);
        });
        return run;
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
        if (message.SenderId == me || _run is not { } run || !long.TryParse(message.Body, System.Globalization.CultureInfo.InvariantCulture, out var due))
        {
            return; // the fan-out also returns each message to its sender's own devices; events are not load
        }

        Interlocked.Increment(ref _delivered);
        run.Deliver(Stopwatch.GetTimestamp(), due, message.ClientMessageId);
    }

    private async Task<long> CountStoredAsync(string connectionString)
    {
        await using var db = new ChatDbContext(
            ChatDbContextRegistration.UseChatDatabase(new DbContextOptionsBuilder<ChatDbContext>(), connectionString).Options);
        return await db.Messages.LongCountAsync(m => _groups.Contains(m.ConversationId));
    }
}
