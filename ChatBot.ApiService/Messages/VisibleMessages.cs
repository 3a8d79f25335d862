using ChatBot.Data;

namespace ChatBot.ApiService.Messages;

/// <summary>
/// What a person may see of any conversation's stream, the one rule that history and search read: the rows of
/// the conversations they are a member of now (a person removed sees nothing more of it), from the seq they
/// joined at. A deleted message is a row like any other here, its text erased when it was deleted.
/// </summary>
internal static class VisibleMessages
{
    /// <summary>Every row <paramref name="userId"/> may see, across all their conversations, with where they joined each.</summary>
    public static IQueryable<VisibleRow> VisibleTo(this ChatDbContext db, string userId) => db.VisibleTo(userId, db.Messages);

    /// <summary>The rows of <paramref name="messages"/> that <paramref name="userId"/> may see.</summary>
    public static IQueryable<VisibleRow> VisibleTo(this ChatDbContext db, string userId, IQueryable<Message> messages) =>
        from message in messages
        join member in db.ConversationMembers on message.ConversationId equals member.ConversationId
        where member.UserId == userId && message.Seq >= member.JoinedSeq
        select new VisibleRow { Message = message, JoinedSeq = member.JoinedSeq };
}

/// <summary>A row a person may see, and the seq they joined its conversation at.</summary>
internal sealed class VisibleRow
{
    // Initialized by properties, not a constructor: EF Core orders and filters by them in SQL.
    public required Message Message { get; init; }

    public long JoinedSeq { get; init; }
}
