using System.Diagnostics;
using ChatBot.Data;
using ChatBot.MigrationWorker.Migrations;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace ChatBot.MigrationWorker;

/// <summary>Applies pending migrations, then stops the process: exit code 0 on success, 1 on failure.</summary>
public sealed class DatabaseMigrator(
    IServiceProvider services,
    IConfiguration configuration,
    IHostApplicationLifetime lifetime,
    TimeProvider time,
    ILogger<DatabaseMigrator> logger) : BackgroundService
{
    public const string ActivitySourceName = "ChatBot.MigrationWorker";

    private static readonly ActivitySource ActivitySource = new(ActivitySourceName);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var activity = ActivitySource.StartActivity("Migrating database", ActivityKind.Client);
        try
        {
            await using var db = CreateMigrationContext();
            await MigrateAsync(db, stoppingToken);
            if (EnsureDataProtectionKey(db.Database.GetConnectionString()!))
            {
                logger.LogInformation("Created the first Data Protection key of the API's key ring");
            }
        }
        catch (Exception exception)
        {
            activity?.AddException(exception);
            logger.LogCritical(exception, "Migrating the database failed; the API must not start on it");
            Environment.ExitCode = 1;
        }

        lifetime.StopApplication();
    }

    /// <summary>
    /// The context of the provider's own set of migrations, on the app's context options (on PostgreSQL
    /// with Aspire's retries: the server may still be starting).
    /// </summary>
    private ChatDbContext CreateMigrationContext()
    {
        var options = services.GetRequiredService<DbContextOptions<ChatDbContext>>();
        var connectionString = configuration.GetConnectionString(ChatDbContextRegistration.ConnectionName)!;
        return DatabaseProviders.Of(connectionString) == DatabaseProvider.PostgreSql
            ? new PostgreSqlChatDbContext(options)
            : new SqliteChatDbContext(options);
    }

    private async Task MigrateAsync(ChatDbContext db, CancellationToken cancellationToken)
    {
        if (db.Database.IsSqlite())
        {
            CreateSqliteDirectory(db.Database.GetConnectionString()!);
        }

        var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        await db.Database.MigrateAsync(cancellationToken);

        if (db.Database.IsSqlite())
        {
            // WAL lets readers go on while a message is written; the mode is stored in the file, once.
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        }

        var applied = (await db.Database.GetAppliedMigrationsAsync(cancellationToken)).LastOrDefault() ?? "(none)";
        logger.LogInformation(
            "Applied {PendingCount} pending migration(s); the database is at {Migration}", pending.Count, applied);
    }

    /// <summary>
    /// Gives the API's key ring its first key. The key manager is built on its own: a host with Data
    /// Protection would load the key ring at start, before the migration has created its table.
    /// </summary>
    private bool EnsureDataProtectionKey(string connectionString)
    {
        var services = new ServiceCollection()
            .AddLogging()
            .AddDbContext<ChatDbContext>(options => options.UseChatDatabase(connectionString));
        services.AddChatDataProtection();
        using var provider = services.BuildServiceProvider();
        return DataProtectionRegistration.EnsureKey(provider.GetRequiredService<IKeyManager>(), time.GetUtcNow());
    }

    private static void CreateSqliteDirectory(string connectionString)
    {
        var dataSource = new SqliteConnectionStringBuilder(connectionString).DataSource;
        var directory = Path.GetDirectoryName(Path.GetFullPath(dataSource));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }
    }
}
