using ChatBot.ApiService.Conversations;
using ChatBot.ApiService.Messages;
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
public sealed class ChatHub(ChatDbContext db, ConversationAccess access, MessageWriter writer) : Hub<IChatClient>
{
    private string UserId => Context.UserIdentifier!;

    /// <summary>Stores the message, sends it to every connection of every member, then acknowledges it.</summary>
    public async Task<MessageDto> SendMessage(SendMessageRequest request)
    {
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
        MessageDto message;
        try
        {
            message = await writer.WriteAsync(
                new NewMessage(request.ConversationId, UserId, request.ClientMessageId, body), Context.ConnectionAborted);
        }
        catch (SendRejectedException rejected)
        {
            throw new HubException(rejected.Message);
        }

        // Also on a resend: if the first fan-out was lost with its server, this one delivers it.
        await Clients.Users(members).MessageReceived(message);
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
        return await db.PageAfterAsync(conversationId, afterSeq, limit, Context.ConnectionAborted);
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

    private async Task<string[]> MembersOrThrowAsync(Guid conversationId) =>
        await access.MembersIfMemberAsync(conversationId, UserId, Context.ConnectionAborted)
        ?? throw new HubException("Conversation not found.");

    private static string GroupName(Guid conversationId) => $"conversation:{conversationId}";
}
