using System.Collections.Concurrent;
using ChatBot.ApiService.Hubs;
using ChatBot.ApiService.Messages;
using ChatBot.Tests.Infrastructure;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;

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

    public static async Task<ContractClient> ConnectAsync(Uri server, string accessToken, params Guid[] conversations)
    {
        var hub = new HubConnectionBuilder()
            .WithUrl(new Uri(server, "/hubs/chat"), options =>
            {
                options.Transports = HttpTransportType.WebSockets;
                options.SkipNegotiation = true;
                options.AccessTokenProvider = () => Task.FromResult<string?>(accessToken);
            })
            .WithAutomaticReconnect(new RetryForever())
            .Build();
        var client = new ContractClient(hub, conversations);
        await hub.StartAsync();
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
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // The connection dropped mid-send: the message stays in the outbox.
        }
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

    private async Task CatchUpAsync(Guid conversationId)
    {
        try
        {
            while (true)
            {
                long after;
                lock (_lock)
                {
                    after = _timelines[conversationId].LastSeq;
                }

                var missed = await _hub.InvokeAsync<List<MessageDto>>(nameof(ChatHub.GetMessagesAfter), conversationId, after, CatchUpPage);
                lock (_lock)
                {
                    missed.ForEach(m => _timelines[conversationId].Add(m));
                }

                if (missed.Count < CatchUpPage)
                {
                    return;
                }
            }
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // Disconnected: the next connect catches up.
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
