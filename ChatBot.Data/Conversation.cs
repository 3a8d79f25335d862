namespace ChatBot.Data;

public enum ConversationKind
{
    Direct = 0,
}

public sealed class Conversation
{
    public Guid Id { get; set; }

    public ConversationKind Kind { get; set; }

    /// <summary>
    /// For a direct conversation, the two member ids in ordinal order; unique, so the same pair
    /// can never get a second conversation, however many requests race to create it.
    /// </summary>
    public string? DirectKey { get; set; }

    /// <summary>The sequence number of the last message; the next message gets <c>LastSeq + 1</c>.</summary>
    public long LastSeq { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public List<ConversationMember> Members { get; } = [];

    public static string DirectKeyFor(string userId, string otherUserId) =>
        string.CompareOrdinal(userId, otherUserId) < 0
            ? $"{userId}:{otherUserId}"
            : $"{otherUserId}:{userId}";
}
