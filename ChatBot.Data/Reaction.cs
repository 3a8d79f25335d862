namespace ChatBot.Data;

/// <summary>One person's reaction with one emoji to a message; the reaction rows of the stream say when it came and went.</summary>
public sealed class Reaction
{
    /// <summary>The most distinct emoji one message has; a new one beyond them is refused.</summary>
    public const int MaxDistinctPerMessage = 20;

    /// <summary>The most UTF-16 characters one emoji has: a family or a flag of a region is a long sequence.</summary>
    public const int MaxEmojiLength = 32;

    public Guid ConversationId { get; set; }

    /// <summary>The seq of the message reacted to.</summary>
    public long MessageSeq { get; set; }

    public required string UserId { get; set; }

    public required string Emoji { get; set; }

    /// <summary>
    /// The seq of the row that added it: a message's emoji are shown in the order each was first used, and a
    /// message read as of its <see cref="Message.ChangedSeq"/> has the reactions added up to then.
    /// </summary>
    public long AddedSeq { get; set; }
}
