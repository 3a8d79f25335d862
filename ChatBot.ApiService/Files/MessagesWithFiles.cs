using System.Linq.Expressions;
using ChatBot.Data;

namespace ChatBot.ApiService.Files;

/// <summary>
/// Which messages have their files: a text message until it is deleted. A deleted message's files are shown with
/// it to no one, nobody's to fetch, and the janitor's to erase.
/// </summary>
internal static class MessagesWithFiles
{
    private static readonly Expression<Func<Message, bool>> HasFiles = m => m.Kind == MessageKind.Text && m.DeletedAt == null;
    private static readonly Func<Message, bool> HasFilesNow = HasFiles.Compile();

    public static IQueryable<Message> WithTheirFiles(this IQueryable<Message> messages) => messages.Where(HasFiles);

    /// <summary>The same, of rows already read.</summary>
    public static IEnumerable<Message> WithTheirFiles(this IEnumerable<Message> rows) => rows.Where(HasFilesNow);
}
