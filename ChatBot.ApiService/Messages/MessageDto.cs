using ChatBot.ApiService.Files;
using ChatBot.Data;

namespace ChatBot.ApiService.Messages;

/// <summary>
/// A row of a conversation's stream: a message (<see cref="MessageKind.Text"/>), a group's event, or a change to
/// a message (<see cref="TargetSeq"/>: an edit, a deletion, a reaction). Every row names its sender, and an event
/// whom it is about, so that a client shows who did what even about someone it never saw as a member (in a group
/// it never opened, a member it has no other name for). A message carries its state
/// as of <see cref="ChangedSeq"/>: a client folds in only the change rows after it, so each applies once.
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
    /// <summary>Of a change row: the seq of the message it changes.</summary>
    public long? TargetSeq { get; init; }

    /// <summary>Of a message that replies: the seq of the message it replies to.</summary>
    public long? ReplyToSeq { get; init; }

    /// <summary>Of a message that replies: the message it replies to, as it is now (as it was when sent, live); null to a reader who joined after it.</summary>
    public ReplyPreview? ReplyTo { get; init; }

    /// <summary>Of a message: the ids of the members it mentions; null when none.</summary>
    public IReadOnlyList<string>? Mentions { get; init; }

    public DateTimeOffset? EditedAt { get; init; }

    /// <summary>Of a message: deleted, its text gone (the body is empty), with no reactions and no mentions.</summary>
    public bool Deleted { get; init; }

    /// <summary>Of a message: its reactions, each emoji in the order it was first used, with who reacted in order; null when none.</summary>
    public IReadOnlyList<ReactionDto>? Reactions { get; init; }

    /// <summary>Of a message: the files sent with it; null when none, and once it is deleted.</summary>
    public IReadOnlyList<FileDto>? Files { get; init; }

    /// <summary>Of a message: the seq of the last change row its state here has (0 when none).</summary>
    public long ChangedSeq { get; init; }

    /// <param name="senderName">The sender's display name.</param>
    /// <param name="subjectName">Of an event about someone: their display name.</param>
    public static MessageDto From(Message message, string? senderName, string? subjectName = null) => new(
        message.ConversationId, message.Seq, message.SenderId, message.ClientMessageId, message.Body, message.SentAt, message.Kind, message.SubjectId,
        senderName, message.SubjectId is null ? null : subjectName)
    {
        TargetSeq = message.TargetSeq,
        ReplyToSeq = message.ReplyToSeq,
        Mentions = message.Mentions is null ? null : Message.MentionIds(message.Mentions),
        EditedAt = message.EditedAt,
        Deleted = message.DeletedAt is not null,
        ChangedSeq = message.ChangedSeq,
    };

    /// <summary>
    /// The row as a member who joined the conversation at <paramref name="joinedSeq"/> sees it: a row that names a
    /// message from before then (a change of it, a reply to it) comes without that message's text.
    /// </summary>
    public MessageDto SeenFrom(long joinedSeq) => this switch
    {
        { TargetSeq: { } target } when target < joinedSeq => this with { Body = "" },
        { ReplyToSeq: { } replyTo, ReplyTo: not null } when replyTo < joinedSeq => this with { ReplyTo = null },
        _ => this,
    };
}

/// <summary>The message a reply replies to: who wrote it and how it starts (<see cref="Message.ReplyExcerptLength"/>), empty once deleted.</summary>
public sealed record ReplyPreview(long Seq, string SenderId, string? SenderName, string Excerpt, bool Deleted);

/// <summary>One emoji on a message, and who reacted with it.</summary>
public sealed record ReactionDto(string Emoji, IReadOnlyList<string> UserIds);
