namespace ChatBot.Data;

public sealed class Message
{
    public const int MaxBodyLength = 4000;

    public long Id { get; set; }

    public Guid ConversationId { get; set; }

    /// <summary>Position in the conversation: 1, 2, 3, … without gaps.</summary>
    public long Seq { get; set; }

    public required string SenderId { get; set; }

    /// <summary>Chosen by the sending client; a resend with the same id returns the stored message.</summary>
    public Guid ClientMessageId { get; set; }

    public required string Body { get; set; }

    public DateTimeOffset SentAt { get; set; }
}
