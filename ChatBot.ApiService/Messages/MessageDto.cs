using ChatBot.Data;

namespace ChatBot.ApiService.Messages;

public sealed record MessageDto(
    Guid ConversationId,
    long Seq,
    string SenderId,
    Guid ClientMessageId,
    string Body,
    DateTimeOffset SentAt)
{
    public static MessageDto From(Message message) => new(
        message.ConversationId, message.Seq, message.SenderId, message.ClientMessageId, message.Body, message.SentAt);
}
