using ChatBot.Data;
using Microsoft.EntityFrameworkCore;

namespace ChatBot.ApiService.Messages;

internal static class MessageDtos
{
    /// <summary>The rows as clients get them, each event with the names of whom it is about (one read, only when there are events).</summary>
    public static async Task<List<MessageDto>> ToDtosAsync(this ChatDbContext db, IReadOnlyList<Message> rows, CancellationToken cancellationToken)
    {
        var people = rows.Where(r => r.Kind != MessageKind.Text)
            .SelectMany(r => new[] { r.SenderId, r.SubjectId })
            .OfType<string>()
            .Distinct()
            .ToList();
        var names = people.Count == 0
            ? null
            : await db.Users.Where(u => people.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, cancellationToken);
        return rows.Select(r => MessageDto.From(r, names)).ToList();
    }
}
