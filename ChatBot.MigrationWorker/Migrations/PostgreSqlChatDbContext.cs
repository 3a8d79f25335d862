using ChatBot.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace ChatBot.MigrationWorker.Migrations;

/// <summary>The chat's database on PostgreSQL: the context its migrations (in <c>Migrations/PostgreSql</c>) belong to.</summary>
public sealed class PostgreSqlChatDbContext(DbContextOptions<ChatDbContext> options) : ChatDbContext(options);

/// <summary>Lets <c>dotnet ef migrations add … --context PostgreSqlChatDbContext</c> build the model; nothing connects.</summary>
internal sealed class PostgreSqlChatDbContextFactory : IDesignTimeDbContextFactory<PostgreSqlChatDbContext>
{
    public PostgreSqlChatDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<ChatDbContext>().UseChatDatabase("Host=localhost;Database=design-time").Options);
}
