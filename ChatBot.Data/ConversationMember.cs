namespace ChatBot.Data;

public sealed class ConversationMember
{
    public Guid ConversationId { get; set; }

    public required string UserId { get; set; }

    /// <summary>The highest sequence number this member has read; only ever moves forward.</summary>
    public long LastReadSeq { get; set; }

    /// <summary>The highest sequence number a device of this member has received; only ever moves forward.</summary>
    public long LastDeliveredSeq { get; set; }

    public DateTimeOffset JoinedAt { get; set; }

    public Conversation? Conversation { get; set; }

    public ChatUser? User { get; set; }
}
