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

public sealed record SendMessageRequest(Guid ConversationId, Guid ClientMessageId, string? Body);
