namespace ChatBot.ApiService.Conversations;

/// <summary>A member, and the seq from which they see the conversation.</summary>
public sealed record MemberPosition(string UserId, long JoinedSeq);

/// <summary>
/// Who is in a conversation, as read at its <see cref="ChatBot.Data.Conversation.MembershipSeq"/> <paramref name="Seq"/>:
/// true for as long as that stays the same.
/// </summary>
public sealed record Membership(long Seq, IReadOnlyList<MemberPosition> Members)
{
    public bool Includes(string userId) => Members.Any(m => m.UserId == userId);

    /// <summary>The members who see the conversation's message <paramref name="seq"/>: those who had joined by then.</summary>
    public IEnumerable<string> Seeing(long seq) => PositionsSeeing(seq).Select(m => m.UserId);

    /// <inheritdoc cref="Seeing"/>
    public IEnumerable<MemberPosition> PositionsSeeing(long seq) => Members.Where(m => m.JoinedSeq <= seq);

    /// <summary>Where the member joined; null when they are not one.</summary>
    public long? JoinedSeqOf(string userId) => Members.FirstOrDefault(m => m.UserId == userId)?.JoinedSeq;

    public IEnumerable<string> Except(string userId) => Members.Where(m => m.UserId != userId).Select(m => m.UserId);
}
