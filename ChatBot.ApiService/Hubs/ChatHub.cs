using System.Diagnostics;
using ChatBot.ApiService.Conversations;
using ChatBot.ApiService.Files;
using ChatBot.ApiService.Groups;
using ChatBot.ApiService.Messages;
using ChatBot.ApiService.Presence;
using ChatBot.ApiService.Refusals;
using ChatBot.ApiService.Telemetry;
using ChatBot.Data;
using ChatBot.Data.MessageStores;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore;

namespace ChatBot.ApiService.Hubs;

/// <summary>
/// The real-time side of the chat. The caller is always <see cref="HubCallerContext.UserIdentifier"/>;
/// every method that names a conversation first checks, against the database, that the caller is in it
/// (sending, in the transaction that stores the message), and sends what concerns it to its members only.
/// </summary>
[Authorize]
public sealed class ChatHub(
    IDbContextFactory<ChatDbContext> contexts,
    ConversationAccess access,
    MessageWriter messages,
    FanOut fanOut,
    PresenceTracker presence,
    ChatTelemetry telemetry) : Hub<IChatClient>
{
    /// <summary>How many people one connection may watch the presence of.</summary>
    public const int MaxWatched = 200;

    private const string WatchedKey = "watched";

    private const string DisplayNameKey = "displayName";

    /// <summary>How many times a send reads the members again when they changed while it was being stored.</summary>
    private const int MaxStoreAttempts = 3;

    /// <summary>How long a sender waits before sending again a message that could not be stored.</summary>
    private static readonly TimeSpan StoreRetryAfter = TimeSpan.FromSeconds(2);

    private string UserId => Context.UserIdentifier!;

    public override async Task OnConnectedAsync()
    {
        telemetry.ConnectionOpened();
        await Groups.AddToGroupAsync(Context.ConnectionId, HubGroups.DevicesOf(UserId));
        await presence.ConnectedAsync(Context.ConnectionId, UserId);
    }

    public override async Task OnDisconnectedAsync(Exception? exception)
    {
        telemetry.ConnectionClosed();
        await presence.DisconnectedAsync(Context.ConnectionId);
    }

    /// <summary>Stores the message, sends it to every connection of every member at its seq, then acknowledges it.</summary>
    public async Task<MessageDto> SendMessage(SendMessageRequest request)
    {
        var started = Stopwatch.GetTimestamp();
        if (request is null)
        {
            throw Refusal.InvalidArgument("A message is required.").ToHubException();
        }

        var fileIds = request.FileIds ?? [];
        if (fileIds.Length > StoredFile.MaxPerMessage)
        {
            throw FileRefusals.TooManyFiles.ToHubException();
        }

        if (fileIds.Distinct().Count() != fileIds.Length)
        {
            throw FileRefusals.RepeatedFile.ToHubException();
        }

        if (MessageText.Normalize(request.Body, out var body, mayBeEmpty: fileIds.Length > 0) is { } invalid)
        {
            throw invalid.ToHubException();
        }

        CheckClientMessageId(request.ClientMessageId);
        if (request.Mentions is { } mentions && (mentions.Length > GroupRules.MaxMembers || mentions.Any(id => !GroupRules.IsUserId(id))))
        {
            throw Refusal.InvalidArgument($"A message mentions at most {GroupRules.MaxMembers} people, each by their id.").ToHubException();
        }

        var senderName = await CallerNameAsync();
        var (stored, membership) = await StoreAsync(request.ConversationId, membership => new NewMessage(request.ConversationId, UserId, request.ClientMessageId, body)
        {
            ReplyToSeq = request.ReplyToSeq,
            // Only members are mentioned: anyone else's name stays plain text.
            Mentions = Message.MentionsOf([.. (request.Mentions ?? []).Distinct().Where(membership.Includes)]),
            FileIds = fileIds,
        });
        var message = stored.IsNew && stored.Row.ReplyToSeq is null && fileIds.Length == 0
            ? MessageDto.From(stored.Row, senderName)
            : await CurrentStateAsync(stored.Row, membership);
        ChatTelemetry.TagMessage(message.ConversationId, message.Seq);
        // Every device of every member who sees it, but the sending one, which has it as its acknowledgement;
        // also on a resend, which delivers what a crashed server's fan-out lost.
        await fanOut.SendAsync(message, membership, Context.ConnectionId);
        telemetry.MessageSent(Stopwatch.GetElapsedTime(started), stored.IsNew);
        return message;
    }

    /// <summary>Gives the caller's message a new text: stores the edit as a row of the stream, sends it to every member, then acknowledges it.</summary>
    public async Task<MessageDto> EditMessage(EditMessageRequest request)
    {
        if (request is null)
        {
            throw Refusal.InvalidArgument("Say which message to edit.").ToHubException();
        }

        if (MessageText.Normalize(request.Body, out var body) is { } invalid)
        {
            throw invalid.ToHubException();
        }

        return await ChangeAsync(request.ConversationId, request.ClientMessageId, request.Seq, MessageAction.Edit, body);
    }

    /// <summary>Deletes a message (its text, its edits' texts, its reactions); the deletion is a row of the stream, as an edit is.</summary>
    public async Task<MessageDto> DeleteMessage(DeleteMessageRequest request) =>
        request is null
            ? throw Refusal.InvalidArgument("Say which message to delete.").ToHubException()
            : await ChangeAsync(request.ConversationId, request.ClientMessageId, request.Seq, MessageAction.Delete, "");

    /// <summary>Adds the caller's reaction to a message, or takes it back if it was there; either is a row of the stream.</summary>
    public async Task<MessageDto> ToggleReaction(ToggleReactionRequest request)
    {
        if (request is null)
        {
            throw Refusal.InvalidArgument("Say which message to react to.").ToHubException();
        }

        if (Emoji.Check(request.Emoji) is { } invalid)
        {
            throw invalid.ToHubException();
        }

        return await ChangeAsync(request.ConversationId, request.ClientMessageId, request.Seq, MessageAction.ToggleReaction, request.Emoji!);
    }

    /// <summary>The messages after <paramref name="afterSeq"/>, oldest first: what this client missed.</summary>
    public async Task<List<MessageDto>> GetMessagesAfter(Guid conversationId, long afterSeq, int limit)
    {
        if (new MessagePageQuery(Before: null, After: afterSeq, Around: null, Limit: limit).Check() is { } invalid)
        {
            throw invalid.ToHubException();
        }

        await using var db = await contexts.CreateDbContextAsync(Context.ConnectionAborted);
        var missed = await db.PageAfterAsync(conversationId, UserId, afterSeq, limit, Context.ConnectionAborted);
        if (missed is null)
        {
            access.Refused(conversationId, UserId);
            throw NotFound();
        }

        telemetry.CaughtUp(missed.Count);
        return missed;
    }

    /// <summary>Subscribes this connection to the conversation's ephemeral events, such as typing.</summary>
    public async Task JoinConversation(Guid conversationId)
    {
        await CurrentMembersOrThrowAsync(conversationId);
        await Groups.AddToGroupAsync(Context.ConnectionId, HubGroups.Watching(conversationId, UserId));
    }

    public Task LeaveConversation(Guid conversationId) =>
        Groups.RemoveFromGroupAsync(Context.ConnectionId, HubGroups.Watching(conversationId, UserId));

    /// <summary>Tells the other members with the conversation open that the caller is typing.</summary>
    public async Task Typing(Guid conversationId)
    {
        var membership = await CurrentMembersOrThrowAsync(conversationId);
        await Clients.Groups(membership.Except(UserId).Select(member => HubGroups.Watching(conversationId, member)).ToList())
            .TypingStarted(new TypingNotice(conversationId, UserId));
    }

    /// <summary>
    /// A device of the caller has the conversation's messages up to <paramref name="seq"/>. The marker moves
    /// forward only, never past the last message; the members are told when it moves.
    /// </summary>
    public async Task MarkDelivered(Guid conversationId, long seq)
    {
        var membership = await CurrentMembersOrThrowAsync(conversationId);
        await using var db = await contexts.CreateDbContextAsync(Context.ConnectionAborted);
        var moved = await db.ConversationMembers
            .Where(m => m.ConversationId == conversationId
                && m.UserId == UserId
                && m.LastDeliveredSeq < seq
                && m.Conversation!.LastSeq >= seq)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.LastDeliveredSeq, seq), Context.ConnectionAborted);

        if (moved > 0)
        {
            await Clients.Groups(HubGroups.DevicesOf(membership.Seeing(seq))).MessagesDelivered(new Receipt(conversationId, UserId, seq));
        }
    }

    /// <summary>The caller has read up to <paramref name="seq"/> (and so has them: <see cref="ConversationMember.DeliveredSeq"/>).</summary>
    public async Task MarkRead(Guid conversationId, long seq)
    {
        var membership = await CurrentMembersOrThrowAsync(conversationId);
        await using var db = await contexts.CreateDbContextAsync(Context.ConnectionAborted);
        var moved = await db.ConversationMembers
            .Where(m => m.ConversationId == conversationId
                && m.UserId == UserId
                && m.LastReadSeq < seq
                && m.Conversation!.LastSeq >= seq)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.LastReadSeq, seq), Context.ConnectionAborted);

        if (moved > 0)
        {
            await Clients.Groups(HubGroups.DevicesOf(membership.Seeing(seq))).MessagesRead(new Receipt(conversationId, UserId, seq));
        }
    }

    /// <summary>
    /// Replaces the people whose presence this connection is told about live (those the page shows).
    /// Presence is no secret among members: the same people can be looked up through the user search.
    /// </summary>
    /// <returns>
    /// Their presence, read after subscribing: a change just before the call is in it, one just after is told
    /// live. (A page's earlier snapshot, from the user search, may miss a change made in between.)
    /// </returns>
    public async Task<List<PresenceNotice>> WatchPresence(string[] userIds)
    {
        if (userIds is null || userIds.Length > MaxWatched)
        {
            throw Refusal.InvalidArgument(
                $"Watch between 0 and {MaxWatched} people at once.",
                new Dictionary<string, object> { ["maxWatched"] = MaxWatched }).ToHubException();
        }

        var watched = Context.Items.TryGetValue(WatchedKey, out var items) ? (HashSet<string>)items! : [];
        var next = userIds.Where(id => id is { Length: > 0 and <= 64 }).ToHashSet();
        await Task.WhenAll(
            watched.Except(next).Select(id => Groups.RemoveFromGroupAsync(Context.ConnectionId, PresenceTracker.GroupOf(id)))
                .Concat(next.Except(watched).Select(id => Groups.AddToGroupAsync(Context.ConnectionId, PresenceTracker.GroupOf(id)))));
        Context.Items[WatchedKey] = next;
        return await presence.PresenceOfAsync(next);
    }

    /// <summary>Stores a change to the message <paramref name="seq"/>, sends it to every member who sees it, then acknowledges it.</summary>
    private async Task<MessageDto> ChangeAsync(Guid conversationId, Guid clientMessageId, long seq, MessageAction action, string body)
    {
        CheckClientMessageId(clientMessageId);
        var senderName = await CallerNameAsync();
        var (stored, membership) = await StoreAsync(conversationId, _ => new NewMessage(conversationId, UserId, clientMessageId, body)
        {
            Action = action,
            TargetSeq = seq,
        });
        var change = MessageDto.From(stored.Row, senderName);
        ChatTelemetry.TagMessage(change.ConversationId, change.Seq);
        await fanOut.SendAsync(change, membership, Context.ConnectionId);
        return change;
    }

    /// <summary>A message as it is now (its reactions, the message it replies to), as the caller sees it.</summary>
    private async Task<MessageDto> CurrentStateAsync(Message row, Membership membership)
    {
        await using var db = await contexts.CreateDbContextAsync(Context.ConnectionAborted);
        var joinedSeqs = new Dictionary<Guid, long> { [row.ConversationId] = membership.JoinedSeqOf(UserId) ?? 0 };
        return (await db.ToDtosAsync([row], Context.ConnectionAborted, joinedSeqs))[0];
    }

    /// <summary>
    /// The caller's display name, which every row they send carries: read at the connection's first send (before
    /// anything is stored, so a failed read leaves nothing unacknowledged), then kept for the connection. A display
    /// name is chosen at registration and never changed, so it cannot go stale.
    /// </summary>
    private async Task<string?> CallerNameAsync()
    {
        if (!Context.Items.TryGetValue(DisplayNameKey, out var name))
        {
            await using var db = await contexts.CreateDbContextAsync(Context.ConnectionAborted);
            Context.Items[DisplayNameKey] = name = await db.Users.Where(u => u.Id == UserId).Select(u => u.DisplayName)
                .SingleOrDefaultAsync(Context.ConnectionAborted);
        }

        return (string?)name;
    }

    private static void CheckClientMessageId(Guid clientMessageId)
    {
        if (clientMessageId == Guid.Empty)
        {
            throw Refusal.InvalidArgument("A message needs a client message id.").ToHubException();
        }
    }

    /// <summary>
    /// Stores the row, checked against the members as last read; when they changed meanwhile (the writer says so
    /// from its transaction), they are read again and the sender checked again.
    /// </summary>
    /// <param name="rowFor">The row to store, given the members it is checked against.</param>
    /// <returns>The stored row, and the members it was stored under: those at its seq.</returns>
    private async Task<(StoredMessage Stored, Membership Membership)> StoreAsync(Guid conversationId, Func<Membership, NewMessage> rowFor)
    {
        for (var attempt = 1; ; attempt++)
        {
            var membership = await access.LastKnownIfMemberAsync(conversationId, UserId, Context.ConnectionAborted) ?? throw NotFound();
            try
            {
                return (await messages.StoreAsync(rowFor(membership) with { MembershipSeq = membership.Seq }, Context.ConnectionAborted), membership);
            }
            catch (MembershipChangedException) when (attempt < MaxStoreAttempts)
            {
                access.Forget(conversationId);
            }
            catch (SendRejectedException rejected)
            {
                throw rejected.Refusal.ToHubException();
            }
            catch (Exception failed) when (failed is not OperationCanceledException)
            {
                // Not stored (a send is acknowledged only once committed; the writer has logged why): the
                // same send, again, may succeed.
                throw Refusal.Unavailable("The message could not be stored just now; it goes again in a moment.", StoreRetryAfter).ToHubException();
            }
        }
    }

    /// <summary>The members as they are now, the caller among them.</summary>
    private async Task<Membership> CurrentMembersOrThrowAsync(Guid conversationId) =>
        await access.CurrentIfMemberAsync(conversationId, UserId, Context.ConnectionAborted) ?? throw NotFound();

    private static HubException NotFound() => Refusal.ConversationNotFound.ToHubException();
}
