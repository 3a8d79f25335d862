using System.Diagnostics;
using ChatBot.ApiService.Conversations;
using ChatBot.ApiService.Messages;
using ChatBot.ApiService.Presence;
using ChatBot.ApiService.Telemetry;
using ChatBot.Data;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore;

namespace ChatBot.ApiService.Hubs;

/// <summary>
/// The real-time side of the chat. The caller is always <see cref="HubCallerContext.UserIdentifier"/>;
/// every method that names a conversation first checks, against the database, that the caller is in it.
/// </summary>
[Authorize]
public sealed class ChatHub(
    ChatDbContext db,
    ConversationAccess access,
    MessageWriter writer,
    PresenceTracker presence,
    ChatTelemetry telemetry) : Hub<IChatClient>
{
    /// <summary>How many people one connection may watch the presence of.</summary>
    public const int MaxWatched = 200;

    private const string WatchedKey = "watched";

    private string UserId => Context.UserIdentifier!;

    public override async Task OnConnectedAsync()
    {
        telemetry.ConnectionOpened();
        await presence.ConnectedAsync(UserId);
    }

    public override async Task OnDisconnectedAsync(Exception? exception)
    {
        telemetry.ConnectionClosed();
        await presence.DisconnectedAsync(UserId);
    }

    /// <summary>Stores the message, sends it to every connection of every member, then acknowledges it.</summary>
    public async Task<MessageDto> SendMessage(SendMessageRequest request)
    {
        var started = Stopwatch.GetTimestamp();
        if (request is null)
        {
            throw new HubException("A message is required.");
        }

        if (MessageText.TryNormalize(request.Body, out var body) is { } error)
        {
            throw new HubException(error);
        }

        if (request.ClientMessageId == Guid.Empty)
        {
            throw new HubException("A message needs a client message id.");
        }

        var members = await MembersOrThrowAsync(request.ConversationId);
        StoredMessage stored;
        try
        {
            stored = await writer.WriteAsync(
                new NewMessage(request.ConversationId, UserId, request.ClientMessageId, body), Context.ConnectionAborted);
        }
        catch (SendRejectedException rejected)
        {
            throw new HubException(rejected.Message);
        }

        var message = stored.Message;
        ChatTelemetry.TagMessage(message.ConversationId, message.Seq);
        using (ChatTelemetry.StartFanOut(message.ConversationId, message.Seq, members.Length))
        {
            // Also on a resend: if the first fan-out was lost with its server, this one delivers it.
            await Clients.Users(members).MessageReceived(message);
        }

        telemetry.MessageSent(Stopwatch.GetElapsedTime(started), stored.IsNew);
        return message;
    }

    /// <summary>The messages after <paramref name="afterSeq"/>, oldest first: what this client missed.</summary>
    public async Task<List<MessageDto>> GetMessagesAfter(Guid conversationId, long afterSeq, int limit)
    {
        if (afterSeq < 0)
        {
            throw new HubException("afterSeq must be 0 or more.");
        }

        if (limit is < 1 or > MessageHistory.MaxPageSize)
        {
            throw new HubException($"limit must be between 1 and {MessageHistory.MaxPageSize}.");
        }

        await MembersOrThrowAsync(conversationId);
        var missed = await db.PageAfterAsync(conversationId, afterSeq, limit, Context.ConnectionAborted);
        telemetry.CaughtUp(missed.Count);
        return missed;
    }

    /// <summary>Subscribes this connection to the conversation's ephemeral events, such as typing.</summary>
    public async Task JoinConversation(Guid conversationId)
    {
        await MembersOrThrowAsync(conversationId);
        await Groups.AddToGroupAsync(Context.ConnectionId, GroupName(conversationId));
    }

    public Task LeaveConversation(Guid conversationId) =>
        Groups.RemoveFromGroupAsync(Context.ConnectionId, GroupName(conversationId));

    public async Task Typing(Guid conversationId)
    {
        await MembersOrThrowAsync(conversationId);
        await Clients.OthersInGroup(GroupName(conversationId)).TypingStarted(new TypingNotice(conversationId, UserId));
    }

    /// <summary>Moves the caller's read marker forward to <paramref name="seq"/>; never back, never past the last message.</summary>
    public async Task MarkRead(Guid conversationId, long seq)
    {
        var members = await MembersOrThrowAsync(conversationId);
        var moved = await db.ConversationMembers
            .Where(m => m.ConversationId == conversationId
                && m.UserId == UserId
                && m.LastReadSeq < seq
                && m.Conversation!.LastSeq >= seq)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.LastReadSeq, seq), Context.ConnectionAborted);

        if (moved > 0)
        {
            await Clients.Users(members).MessagesRead(new ReadReceipt(conversationId, UserId, seq));
        }
    }

    /// <summary>
    /// Replaces the people whose presence this connection is told about live (those the page shows).
    /// Presence is no secret among members: the same people can be looked up through the user search.
    /// </summary>
    public async Task WatchPresence(string[] userIds)
    {
        if (userIds is null || userIds.Length > MaxWatched)
        {
            throw new HubException($"Watch between 0 and {MaxWatched} people at once.");
        }

        var watched = Context.Items.TryGetValue(WatchedKey, out var items) ? (HashSet<string>)items! : [];
        var next = userIds.Where(id => id is { Length: > 0 and <= 64 }).ToHashSet();
        await Task.WhenAll(
            watched.Except(next).Select(id => Groups.RemoveFromGroupAsync(Context.ConnectionId, PresenceTracker.GroupOf(id)))
                .Concat(next.Except(watched).Select(id => Groups.AddToGroupAsync(Context.ConnectionId, PresenceTracker.GroupOf(id)))));
        Context.Items[WatchedKey] = next;
    }

    private async Task<string[]> MembersOrThrowAsync(Guid conversationId) =>
        await access.MembersIfMemberAsync(conversationId, UserId, Context.ConnectionAborted)
        ?? throw new HubException("Conversation not found.");

    private static string GroupName(Guid conversationId) => $"conversation:{conversationId}";
}
