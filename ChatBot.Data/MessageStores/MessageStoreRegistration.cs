using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace ChatBot.Data.MessageStores;

public static class MessageStoreRegistration
{
    /// <summary>
    /// What a process writing message batches needs beside them: on SQLite, its write-ahead log copied into
    /// the database aside (the batches' connection never stops sending to do it).
    /// </summary>
    public static IServiceCollection AddMessageStoreUpkeep(this IServiceCollection services, IConfiguration configuration)
    {
        if (configuration.GetConnectionString(ChatDbContextRegistration.ConnectionName) is { } connectionString
            && DatabaseProviders.Of(connectionString) == DatabaseProvider.Sqlite)
        {
            services.AddHostedService<WalCheckpointer>();
        }

        return services;
    }
}
