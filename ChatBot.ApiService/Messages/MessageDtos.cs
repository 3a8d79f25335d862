using ChatBot.ApiService.Files;
using ChatBot.Data;
using Microsoft.EntityFrameworkCore;

namespace ChatBot.ApiService.Messages;

internal static class MessageDtos
{
    /// <summary>
    /// The rows as clients get them: each with its sender's name (and an event with the name of whom it is about),
    /// each message in its current state (its reactions as of its <see cref="Message.ChangedSeq"/>, the message it
    /// replies to as it is now), each as the reader sees it from where they joined (<see cref="MessageDto.SeenFrom"/>).
    /// A read for each thing the rows have: names when there are any rows, reactions only when there are messages.
    /// </summary>
    /// <param name="joinedSeqs">Where the reader joined each conversation; all of it when absent.</param>
    public static async Task<List<MessageDto>> ToDtosAsync(
        this ChatDbContext db, IReadOnlyList<Message> rows, CancellationToken cancellationToken, IReadOnlyDictionary<Guid, long>? joinedSeqs = null)
    {
        var replied = await db.RepliedToAsync(rows, cancellationToken);
        var people = rows.SelectMany(r => new[] { r.SenderId, r.SubjectId })
            .Concat(replied.Values.Select(m => m.SenderId))
            .OfType<string>()
            .Distinct()
            .ToList();
        var names = people.Count == 0
            ? []
            : await db.Users.Where(u => people.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, cancellationToken);
        var reactions = await db.ReactionsAsync(rows, cancellationToken);
        var files = await db.FilesAsync(rows, cancellationToken);
        return rows.Select(r =>
        {
            var dto = MessageDto.From(r, names.GetValueOrDefault(r.SenderId), r.SubjectId is null ? null : names.GetValueOrDefault(r.SubjectId)) with
            {
                Reactions = reactions.GetValueOrDefault((r.ConversationId, r.Seq)),
                Files = files.GetValueOrDefault((r.ConversationId, r.Seq)),
                ReplyTo = r.ReplyToSeq is { } replyTo && replied.TryGetValue((r.ConversationId, replyTo), out var original)
                    ? PreviewOf(original, names.GetValueOrDefault(original.SenderId))
                    : null,
            };
            return dto.SeenFrom(joinedSeqs?.GetValueOrDefault(r.ConversationId) ?? 0);
        }).ToList();
    }

    /// <summary>A message a reply names, as the reply shows it.</summary>
    public static ReplyPreview PreviewOf(Message original, string? senderName) =>
        new(original.Seq, original.SenderId, senderName, MessageText.Excerpt(original.Body), original.DeletedAt is not null);

    /// <summary>The messages the rows reply to, by conversation and seq.</summary>
    private static async Task<Dictionary<(Guid, long), Message>> RepliedToAsync(this ChatDbContext db, IReadOnlyList<Message> rows, CancellationToken cancellationToken)
    {
        var replied = new Dictionary<(Guid, long), Message>();
        foreach (var conversation in rows.Where(r => r.ReplyToSeq is not null).GroupBy(r => r.ConversationId))
        {
            var seqs = conversation.Select(r => r.ReplyToSeq!.Value).Distinct().ToList();
            await foreach (var original in db.Messages.Where(m => m.ConversationId == conversation.Key && seqs.Contains(m.Seq)).AsNoTracking()
                .AsAsyncEnumerable().WithCancellation(cancellationToken))
            {
                replied[(original.ConversationId, original.Seq)] = original;
            }
        }

        return replied;
    }

    /// <summary>The files of the rows that have them (<see cref="MessagesWithFiles"/>), in the order their sender listed them.</summary>
    private static async Task<Dictionary<(Guid, long), IReadOnlyList<FileDto>>> FilesAsync(
        this ChatDbContext db, IReadOnlyList<Message> rows, CancellationToken cancellationToken)
    {
        var result = new Dictionary<(Guid, long), IReadOnlyList<FileDto>>();
        foreach (var conversation in rows.WithTheirFiles().GroupBy(r => r.ConversationId))
        {
            var seqs = conversation.Select(r => (long?)r.Seq).ToList();
            var files = await db.Files.Where(f => f.ConversationId == conversation.Key && seqs.Contains(f.MessageSeq))
                .OrderBy(f => f.Position)
                .AsNoTracking()
                .ToListAsync(cancellationToken);
            foreach (var message in files.GroupBy(f => f.MessageSeq!.Value))
            {
                result[(conversation.Key, message.Key)] = [.. message.Select(FileDto.From)];
            }
        }

        return result;
    }

    /// <summary>
    /// The reactions of the messages among the rows, each as of the message's <see cref="Message.ChangedSeq"/>: one
    /// added since the message was read comes to the client as its row, and is folded in then, not twice.
    /// </summary>
    private static async Task<Dictionary<(Guid, long), IReadOnlyList<ReactionDto>>> ReactionsAsync(
        this ChatDbContext db, IReadOnlyList<Message> rows, CancellationToken cancellationToken)
    {
        var result = new Dictionary<(Guid, long), IReadOnlyList<ReactionDto>>();
        foreach (var conversation in rows.Where(r => r is { Kind: MessageKind.Text, DeletedAt: null, ChangedSeq: > 0 }).GroupBy(r => r.ConversationId))
        {
            var changedSeqs = conversation.ToDictionary(r => r.Seq, r => r.ChangedSeq);
            var seqs = changedSeqs.Keys.ToList();
            var reactions = await db.Reactions.Where(r => r.ConversationId == conversation.Key && seqs.Contains(r.MessageSeq))
                .AsNoTracking()
                .ToListAsync(cancellationToken);
            foreach (var message in reactions.Where(r => r.AddedSeq <= changedSeqs[r.MessageSeq]).GroupBy(r => r.MessageSeq))
            {
                result[(conversation.Key, message.Key)] = [.. message
                    .GroupBy(r => r.Emoji)
                    .OrderBy(e => e.Min(r => r.AddedSeq))
                    .Select(e => new ReactionDto(e.Key, [.. e.OrderBy(r => r.AddedSeq).Select(r => r.UserId)]))];
            }
        }

        return result;
    }
}
