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

    /// <summary>The sender edited their message <see cref="Message.TargetSeq"/>; the body is its new text.</summary>
    MessageEdited = 7,

    /// <summary>The sender deleted the message <see cref="Message.TargetSeq"/>; the body is empty.</summary>
    MessageDeleted = 8,

    /// <summary>The sender reacted to the message <see cref="Message.TargetSeq"/> with the emoji in the body.</summary>
    ReactionAdded = 9,

    /// <summary>The sender took back their reaction (the emoji in the body) to the message <see cref="Message.TargetSeq"/>.</summary>
    ReactionRemoved = 10,
}

public sealed class Message
{
    public const int MaxBodyLength = 4000;

    /// <summary>How much of a replied-to message's text a reply shows of it, in characters (whole grapheme clusters).</summary>
    public const int ReplyExcerptLength = 120;

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

    /// <summary>Of a change row (<see cref="IsChange"/>): the seq of the message it changes.</summary>
    public long? TargetSeq { get; set; }

    /// <summary>Of a message that replies: the seq of the message it replies to.</summary>
    public long? ReplyToSeq { get; set; }

    /// <summary>
    /// Of a message: the ids of the members it mentions, separated by spaces (<see cref="MentionIds"/>); null when none.
    /// </summary>
    public string? Mentions { get; set; }

    /// <summary>Of a message: when its text was last edited; null while never.</summary>
    public DateTimeOffset? EditedAt { get; set; }

    /// <summary>Of a message: when it was deleted (its text, its edits' texts and its reactions are gone); null while not.</summary>
    public DateTimeOffset? DeletedAt { get; set; }

    /// <summary>
    /// Of a message: the seq of the last change row applied to it (0 while none). A reader that has the message
    /// as of this seq applies only later change rows, so each is applied once.
    /// </summary>
    public long ChangedSeq { get; set; }

    /// <summary>
    /// The rows a reader sees as items of the timeline are those of this kind and before (messages and group
    /// events); change rows are folded into their message instead. Queries compare with it, as <see cref="IsShown"/> does.
    /// </summary>
    public const MessageKind LastShownKind = MessageKind.GroupRenamed;

    /// <inheritdoc cref="LastShownKind"/>
    public static bool IsShown(MessageKind kind) => kind <= LastShownKind;

    /// <summary>Whether this row changes an earlier message: an edit, a deletion or a reaction.</summary>
    public static bool IsChange(MessageKind kind) => kind >= MessageKind.MessageEdited;

    /// <summary>The ids in a <see cref="Mentions"/> column.</summary>
    public static string[] MentionIds(string? mentions) =>
        mentions is null ? [] : mentions.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>The <see cref="Mentions"/> column of these ids: null when there are none.</summary>
    public static string? MentionsOf(IReadOnlyCollection<string> userIds) => userIds.Count == 0 ? null : string.Join(' ', userIds);

    /// <summary>This row as it is now, apart from later changes to it.</summary>
    public Message Snapshot() => (Message)MemberwiseClone();

    /// <summary>Whether this row changes who is in the conversation.</summary>
    public static bool ChangesMembership(MessageKind kind) =>
        kind is MessageKind.GroupCreated or MessageKind.MemberAdded or MessageKind.MemberRemoved or MessageKind.MemberLeft;
}
