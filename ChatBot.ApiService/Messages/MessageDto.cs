using ChatBot.Data;

namespace ChatBot.ApiService.Messages;

/// <summary>A row of a conversation's stream: a message (<see cref="MessageKind.Text"/>) or a group's event.</summary>
public sealed record MessageDto(
    Guid ConversationId,
    long Seq,
    string SenderId,
    Guid ClientMessageId,
    string Body,
    DateTimeOffset SentAt,
    MessageKind Kind = MessageKind.Text,
    string? SubjectId = null)
{
    public static MessageDto From(Message message) => new(
        message.ConversationId, message.Seq, message.SenderId, message.ClientMessageId, message.Body, message.SentAt, message.Kind, message.SubjectId);
}
