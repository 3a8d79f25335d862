using ChatBot.ApiService.Users;
using ChatBot.Data;

namespace ChatBot.ApiService.Groups;

/// <summary>A member of a conversation as the other members see them: who, their role, and how far they have got.</summary>
/// <param name="JoinedSeq">Where their view begins: they count among the readers of messages from there on.</param>
public sealed record MemberSummary(UserSummary User, MemberRole Role, long JoinedSeq, long LastReadSeq, long LastDeliveredSeq);
