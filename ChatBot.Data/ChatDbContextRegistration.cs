using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ChatBot.Data;

public static class ChatDbContextRegistration
{
    /// <summary>The name of the connection string, as the AppHost injects it.</summary>
    public const string ConnectionName = "chatdb";

    /// <summary>The assembly that holds the migrations, a set per provider: the migration worker applies them, nobody else.</summary>
    public const string MigrationsAssembly = "ChatBot.MigrationWorker";

    /// <summary>
    /// Registers <see cref="ChatDbContext"/> on the <c>chatdb</c> connection string, SQLite or PostgreSQL as it
    /// names, with a health check. PostgreSQL goes through Aspire's client integration: retries on transient
    /// failures, its health check, traces and metrics.
    /// </summary>
    public static IHostApplicationBuilder AddChatDbContext(this IHostApplicationBuilder builder)
    {
        var connectionString = builder.Configuration.GetConnectionString(ConnectionName);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new InvalidOperationException(
                $"The connection string '{ConnectionName}' is not set. Set ConnectionStrings__{ConnectionName}, " +
                "for example to \"Data Source=data/chatbot.db\" (SQLite) or \"Host=db;Database=chatbot;Username=chatbot;Password=…\" (PostgreSQL).");
        }

        // Pooled contexts, from a factory for code that needs one only now and then (the hub), and scoped
        // for the rest (endpoints, Identity, Data Protection).
        builder.Services.AddPooledDbContextFactory<ChatDbContext>(options => options.UseChatDatabase(connectionString));
        builder.Services.AddScoped(services => services.GetRequiredService<IDbContextFactory<ChatDbContext>>().CreateDbContext());
        if (DatabaseProviders.Of(connectionString) == DatabaseProvider.PostgreSql)
        {
            builder.EnrichNpgsqlDbContext<ChatDbContext>();
        }
        else
        {
            builder.Services.AddHealthChecks().AddDbContextCheck<ChatDbContext>("database");
        }

        return builder;
    }

    /// <summary>The provider the connection string names, with the migrations of that provider.</summary>
    public static TBuilder UseChatDatabase<TBuilder>(this TBuilder options, string connectionString)
        where TBuilder : DbContextOptionsBuilder
    {
        if (DatabaseProviders.Of(connectionString) == DatabaseProvider.PostgreSql)
        {
            options.UseNpgsql(connectionString, npgsql => npgsql.MigrationsAssembly(MigrationsAssembly));
        }
        else
        {
            options.UseSqlite(connectionString, sqlite => sqlite.MigrationsAssembly(MigrationsAssembly));
        }

        return options;
    }
}
