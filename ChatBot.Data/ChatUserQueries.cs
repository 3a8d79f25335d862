using Microsoft.EntityFrameworkCore;

namespace ChatBot.Data;

public static class ChatUserQueries
{
    private const string LikeEscape = "\\";

    /// <summary>
    /// People whose user name or display name contains <paramref name="text"/>, in any case. Both sides are
    /// normalized (<see cref="ChatUser.Normalize"/>), so a plain LIKE finds the same people on SQLite, whose
    /// LIKE ignores ASCII case, and on PostgreSQL, whose LIKE does not.
    /// </summary>
    public static IQueryable<ChatUser> WhereNameContains(this IQueryable<ChatUser> people, string text)
    {
        var pattern = $"%{EscapeLike(ChatUser.Normalize(text))}%";
        return people.Where(u =>
            EF.Functions.Like(u.NormalizedUserName!, pattern, LikeEscape) ||
            EF.Functions.Like(u.NormalizedDisplayName, pattern, LikeEscape));
    }

    // '_' is a legal user name character, and a LIKE wildcard.
    private static string EscapeLike(string text) =>
        text.Replace(LikeEscape, LikeEscape + LikeEscape, StringComparison.Ordinal)
            .Replace("%", LikeEscape + "%", StringComparison.Ordinal)
            .Replace("_", LikeEscape + "_", StringComparison.Ordinal);
}
