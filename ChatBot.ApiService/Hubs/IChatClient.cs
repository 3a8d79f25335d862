using ChatBot.ApiService.Messages;
using ChatBot.ApiService.Presence;

namespace ChatBot.ApiService.Hubs;

/// <summary>What the server tells clients; every event is named for what has happened.</summary>
public interface IChatClient
{
    Task MessageReceived(MessageDto message);

    Task TypingStarted(TypingNotice notice);

    /// <summary>A device of the member has received the conversation's messages up to the receipt's seq.</summary>
    Task MessagesDelivered(Receipt receipt);

    /// <summary>The member has read the conversation's messages up to the receipt's seq.</summary>
    Task MessagesRead(Receipt receipt);

    Task PresenceChanged(PresenceNotice notice);

    /// <summary>Live messages may have been lost (the backplane was down): catch up from the database.</summary>
    Task ResyncRequested();
}

public sealed record TypingNotice(Guid ConversationId, string UserId);

/// <summary>How far a member has got in a conversation; receipts only ever move forward.</summary>
public sealed record Receipt(Guid ConversationId, string UserId, long UpToSeq);

/// <param name="ReplyToSeq">The message this one replies to.</param>
/// <param name="Mentions">The ids of the people it mentions; those not members are dropped.</param>
public sealed record SendMessageRequest(
    Guid ConversationId, Guid ClientMessageId, string? Body, long? ReplyToSeq = null, string[]? Mentions = null, Guid[]? FileIds = null);

/// <summary>The caller's message <paramref name="Seq"/> gets a new text.</summary>
public sealed record EditMessageRequest(Guid ConversationId, Guid ClientMessageId, long Seq, string? Body);

/// <summary>The message <paramref name="Seq"/> is deleted: the caller's, or in a group where the caller is an admin, anyone's.</summary>
public sealed record DeleteMessageRequest(Guid ConversationId, Guid ClientMessageId, long Seq);

/// <summary>The caller's reaction with <paramref name="Emoji"/> to the message <paramref name="Seq"/> comes, or goes if it was there.</summary>
public sealed record ToggleReactionRequest(Guid ConversationId, Guid ClientMessageId, long Seq, string? Emoji);
