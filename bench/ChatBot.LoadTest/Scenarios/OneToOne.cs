using System.Collections.Concurrent;
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
/// their CPU while each rate was measured: in all, and per message delivered. As the mix (<c>s1mix</c>), of every
/// <see cref="MixLength"/> actions at the same rate, most are sends and the rest change the sender's own messages
/// (<see cref="ActionAt"/>): each change is a row the recipient receives, as a message is, and is measured alike.
/// </summary>
public sealed class OneToOne(LoadOptions options)
{
    /// <summary>The mix repeats every this many actions: 16 sends, 2 reactions, an edit and a deletion (80%, 10%, 5%, 5%).</summary>
    private const int MixLength = 20;

    /// <summary>A device deletes only while it has at least this many messages of its own left, so that edits and reactions never meet a deletion.</summary>
    private const int KeptForChanges = 3;

    /// <summary>A rate of which less than this share was delivered while it was measured fell behind.</summary>
    private const double FellBehindShare = 0.97;

    private readonly bool _mix = options.Scenario == "s1mix";
    private readonly ConcurrentDictionary<Guid, long> _changeDue = new();
    private ConcurrentQueue<long>[] _own = [];
    private long[] _newest = [];
    private User[] _users = [];
    private Guid[] _conversations = [];
    private volatile RateRun? _run;
    private long _acknowledged;
    private long _delivered;

    public async Task<ResultTable> RunAsync()
    {
        var table = new ResultTable(
            options.Label ?? (_mix ? "S1 mix: one-to-one, persisted; 80% sends, 10% reactions, 5% edits, 5% deletions" : "S1: one-to-one, persisted"),
            "offered msgs/s", "delivered msgs/s", "p50 ms", "p99 ms", "max ms", "server CPU %", "CPU µs/msg", "acknowledged", "delivered", "lost");

        var accounts = new Accounts(options.Api);
        _users = await Accounts.SignInAtAsync(options.ThroughWeb ? options.Hub : null, await accounts.CreateAsync(2 * options.Pairs, "pair"));
        _conversations = await accounts.OpenPairsAsync(_users);

        var devices = new ChatConnection[_users.Length];
        _own = [.. _users.Select(_ => new ConcurrentQueue<long>())];
        _newest = new long[_users.Length];
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
                run.Acknowledged, run.Delivered, run.Acknowledged - run.Delivered);
            if (run.Failed > 0)
            {
                table.Fail($"{run.Failed} sends at {rate} msgs/s were not acknowledged.");
            }

            // Past a rate the server fell behind at, a sweep would measure only the backlog that rate left.
            if (run.DeliveredPerSecond < FellBehindShare * rate)
            {
                table.Note($"The sweep stopped at {rate:N0} msgs/s, which it fell behind.");
                break;
            }
        }

        await Backlog.DrainAsync(() => Interlocked.Read(ref _delivered), () => Interlocked.Read(ref _acknowledged));
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
        var run = RateRun.StartingNow(warmupSeconds, durationSeconds);
        _run = run;
        await OpenLoop.RunAsync(run, rate, options.ServerPids, (k, due) =>
        {
            var sender = (int)(k % devices.Length);
            Act(devices[sender], sender, ActionAt(k / devices.Length), due)
                .ContinueWith(sent => Acknowledged(run, sent, sender), TaskContinuationOptions.ExecuteSynchronously);
        });
        return run;
    }

    private enum Action
    {
        Send,
        React,
        Edit,
        Delete,
    }

    /// <summary>What a device's <paramref name="turn"/>th action is: always a send in plain S1.</summary>
    private Action ActionAt(long turn) => !_mix ? Action.Send : (turn % MixLength) switch
    {
        < 16 => Action.Send,
        < 18 => Action.React,
        18 => Action.Edit,
        _ => Action.Delete,
    };

    /// <summary>
    /// Does the action, on the sender's newest message of its own (its oldest, to delete it); a send when it has
    /// none yet. A message carries its due time in its text; a change, by its client message id.
    /// </summary>
    private Task<Message> Act(ChatConnection device, int sender, Action action, long due)
    {
        var conversation = _conversations[sender / 2];
        var dueText = due.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var own = _own[sender];
        var id = Guid.CreateVersion7();
        switch (action)
        {
            case Action.Delete when own.Count >= KeptForChanges && own.TryDequeue(out var oldest):
                _changeDue[id] = due;
                return device.DeleteAsync(conversation, id, oldest);
            case Action.Edit or Action.React when Volatile.Read(ref _newest[sender]) is > 0 and var newest:
                _changeDue[id] = due;
                return action == Action.Edit
                    ? device.EditAsync(conversation, id, newest, dueText)
                    : device.ToggleReactionAsync(conversation, id, newest, "👍");
            default:
                return device.SendAsync(conversation, dueText);
        }
    }

    private void Acknowledged(RateRun run, Task<Message> sent, int sender)
    {
        if (sent.IsCompletedSuccessfully)
        {
            if (_mix && sent.Result.TargetSeq is null)
            {
                _own[sender].Enqueue(sent.Result.Seq);
                Volatile.Write(ref _newest[sender], Math.Max(Volatile.Read(ref _newest[sender]), sent.Result.Seq));
            }

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
        var due = message.TargetSeq is null
            ? long.Parse(message.Body, System.Globalization.CultureInfo.InvariantCulture)
            : _changeDue.TryRemove(message.ClientMessageId, out var changeDue) ? changeDue : now;
        run.Deliver(now, due, message.ClientMessageId);
    }

    private async Task<long> CountStoredAsync(string connectionString)
    {
        await using var db = new ChatDbContext(
            ChatDbContextRegistration.UseChatDatabase(new DbContextOptionsBuilder<ChatDbContext>(), connectionString).Options);
        return await db.Messages.LongCountAsync(m => _conversations.Contains(m.ConversationId));
    }
}
