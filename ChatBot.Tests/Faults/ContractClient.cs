using System.Collections.Concurrent;
using System.Text.Json;
using ChatBot.ApiService.Hubs;
using ChatBot.ApiService.Messages;
using ChatBot.ApiService.Presence;
using ChatBot.ApiService.Refusals;
using ChatBot.Data;
using ChatBot.Tests.Infrastructure;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.Http.Connections.Client;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace ChatBot.Tests.Faults;

/// <summary>
/// One device keeping the client side of the delivery contract, as the browser's chat.js does: every
/// message, and every change to one (an edit, a deletion, a reaction), goes into an outbox and is resent, with
/// the same id, on every (re)connect until acknowledged; received rows are kept in seq order, each once; a gap is
/// filled, and every (re)connect or resync catches up from the last seq shown. Change rows are folded into the
/// messages they change by the contract's rule: only a row after the message's changedSeq changes it.
/// </summary>
public sealed class ContractClient : IAsyncDisposable
{
    private const int CatchUpPage = 500;

    private readonly HubConnection _hub;
    private readonly ConcurrentDictionary<Guid, Outgoing> _outbox = new();
    private readonly ConcurrentDictionary<Guid, MessageDto> _acknowledged = new();
    private readonly ConcurrentDictionary<Guid, MessageDto> _acknowledgedChanges = new();
    private readonly ConcurrentBag<string> _refusedForGood = [];
    private readonly Dictionary<Guid, Timeline> _timelines = [];
    private readonly Lock _lock = new();
    private readonly ConcurrentDictionary<(Guid Conversation, string UserId), bool> _typingSeen = new();
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
        hub.On<TypingNotice>(nameof(IChatClient.TypingStarted), notice => _typingSeen[(notice.ConversationId, notice.UserId)] = true);
        hub.Reconnected += _ => OnConnectedAsync();
    }

    public int Sent { get; private set; }

    /// <summary>Sends made by a reconnect, of what waited in the outbox; for one already stored, the same id again.</summary>
    public int SentOnReconnect { get; private set; }

    public IReadOnlyCollection<MessageDto> Acknowledged => [.. _acknowledged.Values];

    /// <summary>Changes made (edits, deletions, reactions), each counted once however often it was sent.</summary>
    public int ChangesSent { get; private set; }

    /// <summary>The change rows the server acknowledged.</summary>
    public IReadOnlyCollection<MessageDto> AcknowledgedChanges => [.. _acknowledgedChanges.Values];

    /// <summary>The codes of the sends the server refused for good, by a rule (nothing stored, nothing to send again).</summary>
    public IReadOnlyCollection<string> RefusedForGood => [.. _refusedForGood];
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

    public static Task<ContractClient> ConnectAsync(Uri server, string accessToken, params Guid[] conversations) =>
        ConnectAsync(server, options => options.AccessTokenProvider = () => Task.FromResult<string?>(accessToken), conversations);

    /// <summary>A device of a browser's session: its hub connection goes through the web front end, with its cookies.</summary>
    public static Task<ContractClient> ConnectThroughAsync(WebSession session, params Guid[] conversations) =>
        ConnectAsync(session.Site, options =>
        {
            options.Cookies = session.Cookies;
            options.Headers["Origin"] = session.Origin;
        }, conversations);

    private static async Task<ContractClient> ConnectAsync(Uri server, Action<HttpConnectionOptions> signIn, Guid[] conversations)
    {
        var hub = new HubConnectionBuilder()
            .WithUrl(new Uri(server, "/hubs/chat"), options =>
            {
                options.Transports = HttpTransportType.WebSockets;
                options.SkipNegotiation = true;
                signIn(options);
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
        Sent++;
        Queue(new SendMessageRequest(conversationId, Guid.CreateVersion7(), body), nameof(ChatHub.SendMessage), r => r.ClientMessageId);
    }

    /// <summary>Gives a message a new text: it goes out as a message does, until acknowledged.</summary>
    public void Edit(Guid conversationId, long seq, string body)
    {
        ChangesSent++;
        Queue(new EditMessageRequest(conversationId, Guid.CreateVersion7(), seq, body), nameof(ChatHub.EditMessage), r => r.ClientMessageId);
    }

    public void Delete(Guid conversationId, long seq)
    {
        ChangesSent++;
        Queue(new DeleteMessageRequest(conversationId, Guid.CreateVersion7(), seq), nameof(ChatHub.DeleteMessage), r => r.ClientMessageId);
    }

    public void React(Guid conversationId, long seq, string emoji)
    {
        ChangesSent++;
        Queue(new ToggleReactionRequest(conversationId, Guid.CreateVersion7(), seq, emoji), nameof(ChatHub.ToggleReaction), r => r.ClientMessageId);
    }

    /// <summary>
    /// Who of these people the server says is online, as a page asks when it opens (the hub's WatchPresence);
    /// nobody while this device is not connected, or its question is refused.
    /// </summary>
    public async Task<IReadOnlySet<string>> OnlineAmongAsync(IReadOnlyCollection<string> userIds)
    {
        try
        {
            var notices = await _hub.InvokeAsync<List<PresenceNotice>>(nameof(ChatHub.WatchPresence), userIds.ToArray());
            return notices.Where(n => n.IsOnline).Select(n => n.UserId).ToHashSet();
        }
        catch (Exception)
        {
            return new HashSet<string>();
        }
    }

    /// <summary>Says this person is typing in the conversation, as the composer does; a refusal or a dropped connection is let go.</summary>
    public async Task TypingAsync(Guid conversationId)
    {
        try
        {
            await _hub.InvokeAsync(nameof(ChatHub.Typing), conversationId);
        }
        catch (Exception)
        {
            // As a browser's typing notice: best effort.
        }
    }

    /// <summary>Whether this device was told that the person is typing in the conversation, since <see cref="ForgetTyping"/>.</summary>
    public bool SawTyping(Guid conversationId, string userId) => _typingSeen.ContainsKey((conversationId, userId));

    public void ForgetTyping() => _typingSeen.Clear();

    /// <summary>The messages of the conversation as shown now, each in its state folded from the change rows.</summary>
    public IReadOnlyList<MessageState> States(Guid conversationId)
    {
        lock (_lock)
        {
            return [.. _timelines[conversationId].States.Values.Select(state => state with { Reactions = state.Reactions.ToDictionary(r => r.Key, r => r.Value.ToList()) })];
        }
    }

    /// <summary>Change rows this device folded into a message, and those it skipped as already in the message's state.</summary>
    public (int Applied, int AlreadyIn) Folded(Guid conversationId)
    {
        lock (_lock)
        {
            var timeline = _timelines[conversationId];
            return (timeline.Applied, timeline.AlreadyIn);
        }
    }

    private void Queue<TRequest>(TRequest request, string method, Func<TRequest, Guid> clientMessageId)
        where TRequest : notnull
    {
        var outgoing = new Outgoing(clientMessageId(request), method, request);
        _outbox[outgoing.ClientMessageId] = outgoing;
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
            var stored = await _hub.InvokeAsync<MessageDto>(outgoing.Method, outgoing.Request);
            (stored.TargetSeq is null ? _acknowledged : _acknowledgedChanges)[stored.ClientMessageId] = stored;
            _outbox.TryRemove(stored.ClientMessageId, out _);
            await ReceiveAsync([stored]);
        }
        catch (HubException refused) when (RetryAfter(refused) is { } wait)
        {
            // Not stored, but it will be (the database is back, the quota allows): it goes again then, as from the browser.
            Interlocked.Increment(ref _refusedForNow);
            _ = Task.Delay(wait).ContinueWith(_ => DeliverAsync(outgoing), TaskScheduler.Default);
        }
        catch (HubException refused) when (Code(refused) is { } code)
        {
            // Refused by a rule (a reaction to a message deleted meanwhile): never to be stored, so not sent again.
            _refusedForGood.Add(code);
            _outbox.TryRemove(outgoing.ClientMessageId, out _);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // The connection dropped mid-send: the message stays in the outbox.
            _lastSendError = $"{exception.GetType().Name}: {exception.Message}";
        }
    }

    private static string? Code(HubException refused)
    {
        var start = refused.Message.IndexOf("{\"code\":", StringComparison.Ordinal);
        return start < 0 ? null : JsonDocument.Parse(refused.Message[start..]).RootElement.GetProperty("code").GetString();
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

        // Its conversations are open, as on a page: who types in them is told here (best effort, as typing is).
        foreach (var conversation in _timelines.Keys)
        {
            try
            {
                await _hub.InvokeAsync(nameof(ChatHub.JoinConversation), conversation);
            }
            catch (Exception)
            {
                // The next connect joins again.
            }
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

    private sealed record Outgoing(Guid ClientMessageId, string Method, object Request)
    {
        private static long _next;

        public long Order { get; } = Interlocked.Increment(ref _next);
    }

    private sealed class Timeline
    {
        /// <summary>A row, as it is shown (in seq order): a message starts its state, a change row folds into its message's.</summary>
        private void Fold(MessageDto row)
        {
            if (row.Kind == MessageKind.Text)
            {
                States[row.Seq] = MessageState.Of(row);
                return;
            }

            if (row.TargetSeq is not { } target || !States.TryGetValue(target, out var state))
            {
                return;
            }

            // The contract's rule: a row the message's state already has changes nothing.
            if (row.Seq <= state.ChangedSeq)
            {
                AlreadyIn++;
                return;
            }

            Applied++;
            States[target] = state.Apply(row);
        }

        private readonly SortedDictionary<long, MessageDto> _early = [];

        public List<MessageDto> Shown { get; } = [];

        /// <summary>Each text message shown, by seq, in its state as folded so far.</summary>
        public SortedDictionary<long, MessageState> States { get; } = [];

        public int Applied { get; private set; }

        public int AlreadyIn { get; private set; }

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
                    Fold(next);
                }
            }
        }
    }
}

/// <summary>A message as a device shows it: its text, whether edited or deleted, its reactions, and the last change row it has.</summary>
public sealed record MessageState(long Seq, string Body, bool Edited, bool Deleted, Dictionary<string, List<string>> Reactions, long ChangedSeq)
{
    public static MessageState Of(MessageDto message) => new(
        message.Seq, message.Body, message.EditedAt is not null, message.Deleted,
        (message.Reactions ?? []).ToDictionary(r => r.Emoji, r => r.UserIds.ToList()), message.ChangedSeq);

    /// <summary>The reactions as (user, emoji) pairs, in no particular order.</summary>
    public IEnumerable<(string User, string Emoji)> ReactionPairs => Reactions.SelectMany(r => r.Value.Select(user => (user, r.Key)));

    public MessageState Apply(MessageDto change)
    {
        var reactions = Reactions.ToDictionary(r => r.Key, r => r.Value.ToList());
        var next = this with { Reactions = reactions, ChangedSeq = change.Seq };
        switch (change.Kind)
        {
            case MessageKind.MessageEdited:
                return next with { Body = change.Body, Edited = true };
            case MessageKind.MessageDeleted:
                reactions.Clear();
                return next with { Body = "", Deleted = true };
            case MessageKind.ReactionAdded:
                if (!reactions.TryGetValue(change.Body, out var users))
                {
                    reactions[change.Body] = users = [];
                }

                if (!users.Contains(change.SenderId))
                {
                    users.Add(change.SenderId);
                }

                return next;
            case MessageKind.ReactionRemoved:
                if (reactions.TryGetValue(change.Body, out var left) && left.Remove(change.SenderId) && left.Count == 0)
                {
                    reactions.Remove(change.Body);
                }

                return next;
            default:
                return this;
        }
    }
}
