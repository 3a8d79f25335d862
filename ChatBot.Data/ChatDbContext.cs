using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace ChatBot.Data;

/// <summary>The chat's database, on SQLite or PostgreSQL; the migration worker keeps a set of migrations for each.</summary>
public class ChatDbContext(DbContextOptions<ChatDbContext> options)
    : IdentityDbContext<ChatUser>(options), IDataProtectionKeyContext
{
    public DbSet<Conversation> Conversations => Set<Conversation>();

    public DbSet<ConversationMember> ConversationMembers => Set<ConversationMember>();

    public DbSet<Message> Messages => Set<Message>();

    public DbSet<Reaction> Reactions => Set<Reaction>();

    public DbSet<StoredFile> Files => Set<StoredFile>();

    public DbSet<FileChunk> FileChunks => Set<FileChunk>();

    public DbSet<FileBlob> FileBlobs => Set<FileBlob>();

    public DbSet<UserSession> UserSessions => Set<UserSession>();

    /// <summary>The API's Data Protection keys: shared by every replica, so a token one issues, all accept.</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(ChatDbContext).Assembly);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // SQLite has no date type: stored as a number, times can still be compared and sorted in SQL.
        if (Database.IsSqlite())
        {
            configurationBuilder.Properties<DateTimeOffset>().HaveConversion<DateTimeOffsetToBinaryConverter>();
        }
    }
}
