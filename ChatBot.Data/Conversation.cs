namespace ChatBot.Data;

public enum ConversationKind
{
    Direct = 0,
    Group = 1,
}

public sealed class Conversation
{
    /// <summary>The most characters a group's name has, after trimming.</summary>
    public const int MaxNameLength = 64;

    /// <summary>The most people a group has, its admins included.</summary>
    public const int MaxGroupMembers = 100;

    public Guid Id { get; set; }

    public ConversationKind Kind { get; set; }

    /// <summary>
    /// For a direct conversation, the two member ids in ordinal order; unique, so the same pair
    /// can never get a second conversation, however many requests race to create it.
    /// </summary>
    public string? DirectKey { get; set; }

    /// <summary>A group's name; a direct conversation has none.</summary>
    public string? Name { get; set; }

    /// <summary>The sequence number of the last message; the next message gets <c>LastSeq + 1</c>.</summary>
    public long LastSeq { get; set; }

    /// <summary>
    /// The seq of the last event that changed who is in the conversation (0 while nobody has joined or left
    /// since it began). A member list read together with it stays true for as long as it is unchanged: the
    /// message writer stores a message only while it is the one the sender's membership was checked at.
    /// </summary>
    public long MembershipSeq { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public List<ConversationMember> Members { get; } = [];

    public static string DirectKeyFor(string userId, string otherUserId) =>
        string.CompareOrdinal(userId, otherUserId) < 0
            ? $"{userId}:{otherUserId}"
            : $"{otherUserId}:{userId}";
}
