using ChatBot.ApiService.Messages;
using ChatBot.ApiService.Users;
using ChatBot.Data;

namespace ChatBot.ApiService.Conversations;

/// <summary>A conversation as one of its members sees it in the sidebar.</summary>
public sealed record ConversationSummary(
    Guid Id,
    ConversationKind Kind,
    UserSummary Peer,
    long LastSeq,
    long LastReadSeq,
    long UnreadCount,
    long PeerLastReadSeq,
    long PeerLastDeliveredSeq,
    MessageDto? LastMessage);
