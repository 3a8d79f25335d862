using ChatBot.Data;

namespace ChatBot.ApiService.Messages;

/// <summary>
/// A row of a conversation's stream: a message (<see cref="MessageKind.Text"/>) or a group's event. An event
/// names the people it is about, so that a client shows who did what even about someone it never saw as a member.
/// </summary>
public sealed record MessageDto(
    Guid ConversationId,
    long Seq,
    string SenderId,
    Guid ClientMessageId,
    string Body,
    DateTimeOffset SentAt,
    MessageKind Kind = MessageKind.Text,
    string? SubjectId = null,
    string? SenderName = null,
    string? SubjectName = null)
{
    /// <param name="names">Display names by user id: an event's sender's and subject's.</param>
    public static MessageDto From(Message message, IReadOnlyDictionary<string, string>? names = null) => new(
        message.ConversationId, message.Seq, message.SenderId, message.ClientMessageId, message.Body, message.SentAt, message.Kind, message.SubjectId,
        message.Kind == MessageKind.Text ? null : names?.GetValueOrDefault(message.SenderId),
        message.SubjectId is null ? null : names?.GetValueOrDefault(message.SubjectId));
}
