using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ChatBot.Data;

public static class ChatDbContextRegistration
{
    /// <summary>The name of the connection string, as the AppHost and the Launcher inject it.</summary>
    public const string ConnectionName = "chatdb";

    /// <summary>The assembly that holds the migrations: the migration worker applies them, nobody else.</summary>
    public const string MigrationsAssembly = "ChatBot.MigrationWorker";

    /// <summary>Registers <see cref="ChatDbContext"/> on the <c>chatdb</c> connection string, with a health check.</summary>
    public static IHostApplicationBuilder AddChatDbContext(this IHostApplicationBuilder builder)
    {
        var connectionString = builder.Configuration.GetConnectionString(ConnectionName);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new InvalidOperationException(
                $"The connection string '{ConnectionName}' is not set. Set ConnectionStrings__{ConnectionName}, " +
                "for example to \"Data Source=data/chatbot.db\".");
        }

        // Pooled contexts, from a factory for code that needs one only now and then (the hub), and scoped
        // for the rest (endpoints, Identity, Data Protection).
        builder.Services.AddPooledDbContextFactory<ChatDbContext>(options =>
            options.UseSqlite(connectionString, sqlite => sqlite.MigrationsAssembly(MigrationsAssembly)));
        builder.Services.AddScoped(services => services.GetRequiredService<IDbContextFactory<ChatDbContext>>().CreateDbContext());
        builder.Services.AddHealthChecks().AddDbContextCheck<ChatDbContext>("database");
        return builder;
    }
}
