using System.Data;
using ChatBot.Data;
using Microsoft.EntityFrameworkCore;

namespace ChatBot.ApiService.Files;

internal static class Serializably
{
    /// <summary>
    /// Runs the work in a serializable transaction: from the start again when PostgreSQL finds it raced another
    /// (its retrying strategy knows that failure); SQLite's one writer never races.
    /// </summary>
    public static Task RunAsync(ChatDbContext db, Func<Task> work, CancellationToken cancellationToken) =>
        db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(IsolationLevel.Serializable, cancellationToken);
            await work();
            await transaction.CommitAsync(cancellationToken);
        });
}
