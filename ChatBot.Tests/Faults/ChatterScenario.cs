using ChatBot.ApiService.Messages;
using ChatBot.Data;
using ChatBot.Tests.Groups;
using ChatBot.Tests.Infrastructure;

namespace ChatBot.Tests.Faults;

/// <summary>
/// People in pairs (and groups) writing to each other without pause while a test breaks things around them; at
/// the end, the delivery contract is counted.
/// </summary>
public sealed class ChatterScenario : IAsyncDisposable
{
    /// <summary>How long each person of <see cref="StartAsync"/> waits between two messages.</summary>
    private static readonly TimeSpan PairsPace = TimeSpan.FromMilliseconds(20);

    private static readonly TimeSpan TypingPace = TimeSpan.FromMilliseconds(600);

    private readonly List<(ContractClient Device, Guid Conversation, string Name, string UserId)> _writers = [];
    private readonly Dictionary<Guid, ContractClient[]> _conversations = [];
    private readonly List<WebSession> _sessions = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly TimeSpan _pace;
    private Task _writing = Task.CompletedTask;

    /// <param name="pace">How long each person waits between two messages.</param>
    private ChatterScenario(TimeSpan pace) => _pace = pace;

    /// <summary>Messages each device has acknowledged between two faults, and after the last: its server is up and storing.</summary>
    public const int WritesBetweenFaults = 25;

    /// <summary>
    /// A device writes no more while this many of its messages wait in its outbox, as a person stops typing into a
    /// chat that does not answer. Every outage still leaves an outbox to send again on the reconnect, but one that
    /// does not grow with how long a server takes to start again (on a loaded machine, many times longer).
    /// </summary>
    public const int MostUnacknowledged = 20;

    public IReadOnlyList<ContractClient> Devices => _writers.Select(w => w.Device).ToList();

    /// <summary>People in pairs, each on one device; the two devices of a pair may sit on different servers.</summary>
    public static async Task<ChatterScenario> StartAsync(int pairs, Uri accounts, Func<int, Uri> serverOfPerson)
    {
        var scenario = new ChatterScenario(PairsPace);
        for (var pair = 0; pair < pairs; pair++)
        {
            var left = await Accounts.CreateAsync(accounts, "left");
            var right = await Accounts.CreateAsync(accounts, "right");
            var conversation = (await left.OpenConversationWithAsync(right)).Id;
            var leftDevice = await ContractClient.ConnectAsync(serverOfPerson(2 * pair), left.AccessToken, conversation);
            var rightDevice = await ContractClient.ConnectAsync(serverOfPerson(2 * pair + 1), right.AccessToken, conversation);
            scenario._writers.Add((leftDevice, conversation, left.UserName, left.Id));
            scenario._writers.Add((rightDevice, conversation, right.UserName, right.Id));
            scenario._conversations[conversation] = [leftDevice, rightDevice];
        }

        scenario._writing = scenario.WriteAsync();
        return scenario;
    }

    /// <summary>
    /// People as browsers have them: each signed in at a web front end (the front ends in turn), on one device whose
    /// hub connection goes through it, to whichever replica it picks. In pairs, and in groups of <paramref name="groupSize"/>.
    /// </summary>
    /// <param name="pace">How long each person waits between two messages.</param>
    public static async Task<ChatterScenario> StartThroughAsync(
        int pairs, int groups, int groupSize, Uri accounts, IReadOnlyList<Uri> frontEnds, TimeSpan pace)
    {
        var scenario = new ChatterScenario(pace);
        var signedIn = 0;
        foreach (var size in Enumerable.Repeat(2, pairs).Concat(Enumerable.Repeat(groupSize, groups)))
        {
            var people = new List<TestUser>();
            for (var i = 0; i < size; i++)
            {
                people.Add(await Accounts.CreateAsync(accounts, size == 2 ? "pal" : "member"));
            }

            var conversation = size == 2
                ? (await people[0].OpenConversationWithAsync(people[1])).Id
                : (await people[0].CreateGroupAsync("Across hosts", [.. people.Skip(1)])).Id;
            var devices = new List<ContractClient>();
            foreach (var person in people)
            {
                var session = new WebSession(frontEnds[signedIn++ % frontEnds.Count]);
                scenario._sessions.Add(session);
                await session.LogInAsync(person.UserName, person.Password);
                var device = await ContractClient.ConnectThroughAsync(session, conversation);
                devices.Add(device);
                scenario._writers.Add((device, conversation, person.UserName, person.Id));
            }

            scenario._conversations[conversation] = [.. devices];
        }

        scenario._writing = scenario.WriteAsync();
        return scenario;
    }

    /// <summary>
    /// Waits until the server says everyone here is online (they all are), asking each device in turn, as pages ask
    /// when they open; presence may be wrong while a fault lasts, but must be right again after it.
    /// </summary>
    public async Task EveryoneShownOnlineAsync(TimeSpan timeout)
    {
        var people = _writers.Select(w => w.UserId).ToList();
        var asked = 0;
        await Poll.UntilAsync(
            async () => (await Devices[asked++ % Devices.Count].OnlineAmongAsync(people)).Count == people.Count,
            timeout, "everyone chatting to be shown online");
    }

    /// <summary>
    /// Everyone types, now and then, until every device has been told that each other member of its conversation is
    /// typing: typing notices may be lost while a fault lasts, but must come through again after it.
    /// </summary>
    public async Task EveryoneSeesTypingAsync(TimeSpan timeout)
    {
        Devices.ToList().ForEach(device => device.ForgetTyping());
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (!_writers.All(typist => _writers.Where(w => w.Conversation == typist.Conversation && w.UserId != typist.UserId)
            .All(reader => reader.Device.SawTyping(typist.Conversation, typist.UserId))))
        {
            if (waited.Elapsed > timeout)
            {
                throw new TimeoutException($"Not every device was told of every other member's typing within {timeout.TotalSeconds:0} s.");
            }

            await Task.WhenAll(_writers.Select(w => w.Device.TypingAsync(w.Conversation)));
            await Task.Delay(TypingPace); // as a person types: a notice now and then, within the typing quota
        }
    }

    /// <summary>Waits, while everyone writes, until each device has had <paramref name="more"/> more messages acknowledged.</summary>
    public Task KeepWritingAsync(int more = WritesBetweenFaults) => ContractClient.AcknowledgedMoreAsync(Devices, more);

    /// <summary>Stops writing, then waits until every message is acknowledged and shown on every device of its conversation.</summary>
    public async Task<DeliveryFigures> SettleAsync(Func<ChatBot.Data.ChatDbContext> db, TimeSpan timeout)
    {
        await _stop.CancelAsync();
        await _writing;
        try
        {
            await Poll.UntilAsync(() => Devices.All(d => d.Unacknowledged == 0), timeout, "every message to be acknowledged");
            await Poll.UntilAsync(AllShown, timeout, "every acknowledged message to be shown on every device of its conversation");
        }
        catch (TimeoutException waiting)
        {
            throw new TimeoutException($"{waiting.Message} The devices: {string.Join("; ", _conversations.SelectMany(c =>
                c.Value.Select(d => $"{c.Value.Sum(x => x.Acknowledged.Count)} acknowledged in the conversation, this device {d.Describe(c.Key)}")))}");
        }
        await using var context = db();
        return await DeliveryFigures.CountAsync(context, Devices, _conversations);
    }

    /// <summary>
    /// The delivery contract, kept: every send acknowledged and stored once, shown on every device of its
    /// conversation, each device showing seq 1, 2, 3, … with no gap.
    /// </summary>
    public void AssertContractKept(DeliveryFigures figures)
    {
        Assert.Equal(0, figures.Lost);
        Assert.Equal(0, figures.Duplicated);
        Assert.Equal(figures.Sent, figures.Acknowledged);
        Assert.Equal(figures.Acknowledged, figures.Stored);
        Assert.Equal(_conversations.Sum(c => c.Value.Length * c.Value.Sum(d => d.Acknowledged.Count)), figures.Delivered);
        Assert.All(Timelines(), t =>
        {
            Assert.Equal(Enumerable.Range(1, t.Shown.Count).Select(i => (long)i), t.Shown.Select(m => m.Seq));
            Assert.Equal(t.Acknowledged, t.Shown.Count(m => m.Kind == MessageKind.Text));
        });
    }

    /// <summary>Each device's rows of its conversation (a group's creation first), and how many messages were acknowledged in it.</summary>
    private IEnumerable<(IReadOnlyList<MessageDto> Shown, int Acknowledged)> Timelines() =>
        _conversations.SelectMany(c => c.Value.Select(device => (device.Shown(c.Key), c.Value.Sum(d => d.Acknowledged.Count))));

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _writing;
        foreach (var device in Devices)
        {
            await device.DisposeAsync();
        }

        _sessions.ForEach(session => session.Dispose());
        _stop.Dispose();
    }

    private bool AllShown() => Timelines().All(t => t.Shown.Count(m => m.Kind == MessageKind.Text) == t.Acknowledged);

    private async Task WriteAsync()
    {
        var sequence = 0;
        try
        {
            while (true)
            {
                sequence++;
                foreach (var (device, conversation, name, _) in _writers.Where(w => w.Device.Unacknowledged < MostUnacknowledged))
                {
                    device.Send(conversation, $"{name} #{sequence}");
                }

                await Task.Delay(_pace, _stop.Token);
            }
        }
        catch (OperationCanceledException)
        {
            // Stopped.
        }
    }
}
