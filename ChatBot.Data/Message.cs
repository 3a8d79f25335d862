namespace ChatBot.Data;

/// <summary>
/// What a row of a conversation's stream is: a message someone wrote, or an event of a group (numbered in
/// the same stream, so catching up and filling gaps bring events as they bring messages).
/// </summary>
public enum MessageKind
{
    Text = 0,

    /// <summary>The sender created the group; the body is its name.</summary>
    GroupCreated = 1,

    /// <summary>The sender added the subject.</summary>
    MemberAdded = 2,

    /// <summary>The sender removed the subject.</summary>
    MemberRemoved = 3,

    /// <summary>The sender left.</summary>
    MemberLeft = 4,

    /// <summary>The subject is an admin now: the sender made them one, or was the last admin and left.</summary>
    AdminMade = 5,

    /// <summary>The sender renamed the group; the body is its new name.</summary>
    GroupRenamed = 6,
}

public sealed class Message
{
    public const int MaxBodyLength = 4000;

    public long Id { get; set; }

    public Guid ConversationId { get; set; }

    /// <summary>Position in the conversation: 1, 2, 3, … without gaps.</summary>
    public long Seq { get; set; }

    public MessageKind Kind { get; set; }

    /// <summary>Who wrote the message, or who did what the event says.</summary>
    public required string SenderId { get; set; }

    /// <summary>The member an event is about (added, removed, made admin); null otherwise.</summary>
    public string? SubjectId { get; set; }

    /// <summary>Chosen by the sending client; a resend with the same id returns the stored message. Events get one from the server.</summary>
    public Guid ClientMessageId { get; set; }

    /// <summary>The text of a message; of an event, the group's (new) name where it names one, else empty.</summary>
    public required string Body { get; set; }

    public DateTimeOffset SentAt { get; set; }

    /// <summary>Whether this row changes who is in the conversation.</summary>
    public static bool ChangesMembership(MessageKind kind) =>
        kind is MessageKind.GroupCreated or MessageKind.MemberAdded or MessageKind.MemberRemoved or MessageKind.MemberLeft;
}
