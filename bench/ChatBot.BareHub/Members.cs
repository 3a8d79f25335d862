using System.Collections.Concurrent;
using ChatBot.Data;
using Microsoft.EntityFrameworkCore;

namespace ChatBot.BareHub;

/// <summary>Who is in a conversation, read once from the chat's database and kept: the fan-out needs it, and nothing checks it.</summary>
public sealed class Members(IDbContextFactory<ChatDbContext> contexts)
{
    private readonly ConcurrentDictionary<Guid, Task<string[]>> _members = new();

    public Task<string[]> OfAsync(Guid conversationId) => _members.GetOrAdd(conversationId, async id =>
    {
        await using var db = await contexts.CreateDbContextAsync();
        return await db.ConversationMembers.Where(m => m.ConversationId == id).Select(m => m.UserId).ToArrayAsync();
    });
}
