namespace ChatBot.Data;

public enum MemberRole
{
    Member = 0,

    /// <summary>In a group: may add and remove members and make other admins.</summary>
    Admin = 1,
}

public sealed class ConversationMember
{
    public Guid ConversationId { get; set; }

    public required string UserId { get; set; }

    public MemberRole Role { get; set; }

    /// <summary>
    /// Where this member's view of the conversation begins: the seq of the event that made them a member
    /// (0 in a direct conversation: all of it). Every read of messages starts here.
    /// </summary>
    public long JoinedSeq { get; set; }

    /// <summary>The highest sequence number this member has read; only ever moves forward.</summary>
    public long LastReadSeq { get; set; }

    /// <summary>
    /// The highest sequence number a device of this member said it received; only ever moves forward. What
    /// is read was received too: how far the member's devices have the conversation is <see cref="DeliveredSeq"/>.
    /// </summary>
    public long LastDeliveredSeq { get; set; }

    /// <summary>How far this member's devices have the conversation: reading implies delivery.</summary>
    public long DeliveredSeq => Delivered(LastDeliveredSeq, LastReadSeq);

    /// <inheritdoc cref="DeliveredSeq"/>
    public static long Delivered(long lastDeliveredSeq, long lastReadSeq) => Math.Max(lastDeliveredSeq, lastReadSeq);

    public DateTimeOffset JoinedAt { get; set; }

    public Conversation? Conversation { get; set; }

    public ChatUser? User { get; set; }
}
