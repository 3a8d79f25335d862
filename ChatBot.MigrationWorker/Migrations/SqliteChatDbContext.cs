using ChatBot.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace ChatBot.MigrationWorker.Migrations;

/// <summary>The chat's database on SQLite: the context its migrations (in <c>Migrations/Sqlite</c>) belong to.</summary>
public sealed class SqliteChatDbContext(DbContextOptions<ChatDbContext> options) : ChatDbContext(options);

/// <summary>Lets <c>dotnet ef migrations add … --context SqliteChatDbContext</c> build the model without a host.</summary>
internal sealed class SqliteChatDbContextFactory : IDesignTimeDbContextFactory<SqliteChatDbContext>
{
    public SqliteChatDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<ChatDbContext>().UseChatDatabase("Data Source=design-time.db").Options);
}
