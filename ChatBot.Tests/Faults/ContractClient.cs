using System.Collections.Concurrent;
using System.Text.Json;
using ChatBot.ApiService.Hubs;
using ChatBot.ApiService.Messages;
using ChatBot.ApiService.Refusals;
using ChatBot.Tests.Infrastructure;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace ChatBot.Tests.Faults;

/// <summary>
/// One device keeping the client side of the delivery contract, as the browser's chat.js does: every
/// message goes into an outbox and is resent, with the same id, on every (re)connect until acknowledged;
/// received messages are kept in seq order, each once; a gap is filled, and every (re)connect or resync
/// catches up from the last seq shown.
/// </summary>
public sealed class ContractClient : IAsyncDisposable
{
    private const int CatchUpPage = 500;

    private readonly HubConnection _hub;
    private readonly ConcurrentDictionary<Guid, Outgoing> _outbox = new();
    private readonly ConcurrentDictionary<Guid, MessageDto> _acknowledged = new();
    private readonly Dictionary<Guid, Timeline> _timelines = [];
    private readonly Lock _lock = new();
    private string? _lastSendError;
    private int _refusedForNow;

    private ContractClient(HubConnection hub, IEnumerable<Guid> conversations)
    {
        _hub = hub;
        foreach (var conversation in conversations)
        {
            _timelines[conversation] = new Timeline();
        }

        hub.On<MessageDto>(nameof(IChatClient.MessageReceived), message => _ = ReceiveAsync([message]));
        hub.On(nameof(IChatClient.ResyncRequested), () => _ = CatchUpAsync());
        hub.Reconnected += _ => OnConnectedAsync();
    }

    public int Sent { get; private set; }

    /// <summary>Sends made by a reconnect, of what waited in the outbox; for one already stored, the same id again.</summary>
    public int SentOnReconnect { get; private set; }

    public IReadOnlyCollection<MessageDto> Acknowledged => [.. _acknowledged.Values];

    public int Unacknowledged => _outbox.Count;

    /// <summary>Sends the server refused for now (its database down, the quota spent), each sent again when it said.</summary>
    public int RefusedForNow => _refusedForNow;

    /// <summary>What this device is at, for a test that times out to say: connection, outbox, last failed send.</summary>
    public string Describe(Guid conversationId)
    {
        lock (_lock)
        {
            var timeline = _timelines[conversationId];
            return $"{_hub.State}, {Unacknowledged} unacknowledged, {timeline.Shown.Count} shown up to seq {timeline.LastSeq}"
                + $"{(timeline.HasGap ? " with a gap" : "")}{(_lastSendError is null ? "" : $", last send failed: {_lastSendError}")}";
        }
    }

    public static async Task<ContractClient> ConnectAsync(Uri server, string accessToken, params Guid[] conversations)
    {
        var hub = new HubConnectionBuilder()
            .WithUrl(new Uri(server, "/hubs/chat"), options =>
            {
                options.Transports = HttpTransportType.WebSockets;
                options.SkipNegotiation = true;
                options.AccessTokenProvider = () => Task.FromResult<string?>(accessToken);
            })
            .AddJsonProtocol(Json.HubProtocol)
            .WithAutomaticReconnect(new RetryForever())
            .Build();
        var client = new ContractClient(hub, conversations);
        await hub.StartAsync();
        // As on every reconnect: what was sent before this connection was registered, it catches up on.
        await client.OnConnectedAsync();
        return client;
    }

    /// <summary>Writes a message: it goes out now if it can, later if it cannot, until acknowledged.</summary>
    public void Send(Guid conversationId, string body)
    {
        var outgoing = new Outgoing(new SendMessageRequest(conversationId, Guid.NewGuid(), body));
        _outbox[outgoing.Request.ClientMessageId] = outgoing;
        Sent++;
        _ = DeliverAsync(outgoing);
    }

    /// <summary>The messages shown for the conversation: in seq order, none twice, no gap.</summary>
    public IReadOnlyList<MessageDto> Shown(Guid conversationId)
    {
        lock (_lock)
        {
            return [.. _timelines[conversationId].Shown];
        }
    }

    public ValueTask DisposeAsync() => _hub.DisposeAsync();

    /// <summary>
    /// Waits, while the devices go on writing, until each has had <paramref name="more"/> more of its messages
    /// acknowledged: the servers they write to are up and storing again, and their writers busy, before the next fault.
    /// </summary>
    public static async Task AcknowledgedMoreAsync(IReadOnlyList<ContractClient> devices, int more)
    {
        var before = devices.Select(d => d.Acknowledged.Count).ToList();
        await Poll.UntilAsync(
            () => devices.Select((device, i) => device.Acknowledged.Count >= before[i] + more).All(enough => enough),
            TimeSpan.FromSeconds(60),
            $"every device to have {more} more messages acknowledged");
    }

    private async Task DeliverAsync(Outgoing outgoing)
    {
        if (_hub.State != HubConnectionState.Connected)
        {
            return; // goes out on the next connect
        }

        try
        {
            var stored = await _hub.InvokeAsync<MessageDto>(nameof(ChatHub.SendMessage), outgoing.Request);
            _acknowledged[stored.ClientMessageId] = stored;
            _outbox.TryRemove(stored.ClientMessageId, out _);
            await ReceiveAsync([stored]);
        }
        catch (HubException refused) when (RetryAfter(refused) is { } wait)
        {
            // Not stored, but it will be (the database is back, the quota allows): it goes again then, as from the browser.
            Interlocked.Increment(ref _refusedForNow);
            _ = Task.Delay(wait).ContinueWith(_ => DeliverAsync(outgoing), TaskScheduler.Default);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // The connection dropped mid-send: the message stays in the outbox.
            _lastSendError = $"{exception.GetType().Name}: {exception.Message}";
        }
    }

    /// <summary>How long to wait before sending again, for the refusals that say "later" (by their code).</summary>
    private static TimeSpan? RetryAfter(HubException refused)
    {
        var start = refused.Message.IndexOf("{\"code\":", StringComparison.Ordinal);
        if (start < 0)
        {
            return null;
        }

        var refusal = JsonDocument.Parse(refused.Message[start..]).RootElement;
        return refusal.GetProperty("code").GetString() is RefusalCodes.Unavailable or RefusalCodes.RateLimited
            ? TimeSpan.FromSeconds(refusal.GetProperty("retryAfterSeconds").GetInt32())
            : null;
    }

    private async Task OnConnectedAsync()
    {
        foreach (var outgoing in _outbox.Values.OrderBy(o => o.Order))
        {
            SentOnReconnect++;
            _ = DeliverAsync(outgoing);
        }

        await CatchUpAsync();
    }

    private async Task ReceiveAsync(IReadOnlyList<MessageDto> messages)
    {
        List<Guid> gaps;
        lock (_lock)
        {
            foreach (var message in messages)
            {
                // A message already shown (the acknowledgement and the fan-out both bring it) is dropped.
                _timelines.GetValueOrDefault(message.ConversationId)?.Add(message);
            }

            gaps = _timelines.Where(t => t.Value.HasGap).Select(t => t.Key).ToList();
        }

        foreach (var conversation in gaps)
        {
            await CatchUpAsync(conversation);
        }
    }

    private async Task CatchUpAsync()
    {
        foreach (var conversation in _timelines.Keys)
        {
            await CatchUpAsync(conversation);
        }
    }

    /// <summary>
    /// Fetches what the conversation misses after its last shown seq. One catch-up at a time, as the browser
    /// has it: asked for while one runs, it goes round once more. (Without that, every message received
    /// during a gap queued one more catch-up behind the others on the connection, each bringing a page
    /// (<see cref="CatchUpPage"/>) asked for long before: under load the device fell further behind the more it caught up.)
    /// </summary>
    private async Task CatchUpAsync(Guid conversationId)
    {
        var timeline = _timelines[conversationId];
        lock (_lock)
        {
            if (timeline.CatchingUp)
            {
                timeline.CatchUpAgain = true;
                return;
            }

            timeline.CatchingUp = true;
        }

        try
        {
            while (true)
            {
                long after;
                lock (_lock)
                {
                    after = timeline.LastSeq;
                }

                var missed = await _hub.InvokeAsync<List<MessageDto>>(nameof(ChatHub.GetMessagesAfter), conversationId, after, CatchUpPage);
                lock (_lock)
                {
                    missed.ForEach(timeline.Add);
                    if (missed.Count < CatchUpPage && !timeline.CatchUpAgain)
                    {
                        timeline.CatchingUp = false;
                        return;
                    }

                    timeline.CatchUpAgain = false;
                }
            }
        }
        catch (HubException refused) when (RetryAfter(refused) is { } wait)
        {
            // The person's catch-up quota is spent (a device far behind asks often): it goes again when the server
            // said, as the browser's gap timer does.
            lock (_lock)
            {
                timeline.CatchingUp = timeline.CatchUpAgain = false;
            }

            _ = Task.Delay(wait).ContinueWith(_ => CatchUpAsync(conversationId), TaskScheduler.Default);
        }
        catch (Exception)
        {
            // Disconnected (the client cancels what it had pending): the next connect catches up; if it asked
            // already, while this one was failing, now.
            bool again;
            lock (_lock)
            {
                again = timeline.CatchUpAgain && _hub.State == HubConnectionState.Connected;
                timeline.CatchingUp = timeline.CatchUpAgain = false;
            }

            if (again)
            {
                await CatchUpAsync(conversationId);
            }
        }
    }

    private sealed record Outgoing(SendMessageRequest Request)
    {
        private static long _next;

        public long Order { get; } = Interlocked.Increment(ref _next);
    }

    private sealed class Timeline
    {
        private readonly SortedDictionary<long, MessageDto> _early = [];

        public List<MessageDto> Shown { get; } = [];

        public long LastSeq => Shown.Count == 0 ? 0 : Shown[^1].Seq;

        public bool HasGap => _early.Count > 0;

        public bool CatchingUp { get; set; }

        public bool CatchUpAgain { get; set; }

        public void Add(MessageDto message)
        {
            if (message.Seq > LastSeq && _early.TryAdd(message.Seq, message))
            {
                while (_early.Remove(LastSeq + 1, out var next))
                {
                    Shown.Add(next);
                }
            }
        }
    }
}
