using ChatBot.ApiService.Messages;
using ChatBot.ApiService.Users;
using ChatBot.Data;

namespace ChatBot.ApiService.Conversations;

/// <summary>
/// A conversation as one of its members sees it in the sidebar. A direct conversation has a
/// <see cref="Peer"/> (and how far they have got); a group has a <see cref="Name"/> and members, listed apart
/// (<c>GET /api/conversations/{id}/members</c>) with how far each has got.
/// </summary>
/// <param name="Role">The caller's role.</param>
/// <param name="JoinedSeq">Where the caller's view of it begins: history starts there.</param>
/// <param name="UnreadCount">The rows shown in the timeline (messages and events, not changes) after the caller's read position.</param>
/// <param name="LastMessage">The last row shown in the timeline, in its current state.</param>
/// <param name="UnreadMentions">The unread messages that mention the caller.</param>
public sealed record ConversationSummary(
    Guid Id,
    ConversationKind Kind,
    UserSummary? Peer,
    long LastSeq,
    long LastReadSeq,
    long UnreadCount,
    long PeerLastReadSeq,
    long PeerLastDeliveredSeq,
    MessageDto? LastMessage,
    string? Name = null,
    int MemberCount = 2,
    MemberRole Role = MemberRole.Member,
    long JoinedSeq = 0,
    int UnreadMentions = 0);
