using ChatBot.ApiService.Messages;
using ChatBot.Data;

namespace ChatBot.ApiService.Files;

/// <summary>
/// Which files a person may fetch: those of the messages they may see (<see cref="VisibleMessages"/>, the rule
/// history and search read) that have their files still (<see cref="MessagesWithFiles"/>). An upload not sent yet
/// is nobody's to fetch.
/// </summary>
internal static class VisibleFiles
{
    public static IQueryable<StoredFile> FilesVisibleTo(this ChatDbContext db, string userId) =>
        db.Files.Where(file => db.VisibleTo(userId, db.Messages.WithTheirFiles()).Any(row =>
            row.Message.ConversationId == file.ConversationId && row.Message.Seq == file.MessageSeq));
}
