using ChatBot.ApiService.Messages;
using ChatBot.ApiService.Presence;

namespace ChatBot.ApiService.Hubs;

/// <summary>What the server tells clients; every event is named for what has happened.</summary>
public interface IChatClient
{
    Task MessageReceived(MessageDto message);

    Task TypingStarted(TypingNotice notice);

    Task MessagesRead(ReadReceipt receipt);

    Task PresenceChanged(PresenceNotice notice);
}

public sealed record TypingNotice(Guid ConversationId, string UserId);

public sealed record ReadReceipt(Guid ConversationId, string UserId, long LastReadSeq);

public sealed record SendMessageRequest(Guid ConversationId, Guid ClientMessageId, string? Body);
