using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.DependencyInjection;

namespace ChatBot.Data;

public static class DataProtectionRegistration
{
    /// <summary>How long a Data Protection key protects new payloads before the next one takes over.</summary>
    private static readonly TimeSpan KeyLifetime = TimeSpan.FromDays(90);

    /// <summary>
    /// The API's Data Protection keys live in the database. Its bearer tokens are Data Protection payloads,
    /// so every replica must read the same key ring for a token one issues to be accepted by all.
    /// </summary>
    public static IDataProtectionBuilder AddChatDataProtection(this IServiceCollection services) =>
        services.AddDataProtection()
            .SetApplicationName("ChatBot.ApiService")
            .PersistKeysToDbContext<ChatDbContext>();

    /// <summary>
    /// Creates the first key when there is none. Made before any replica starts, it is the one key they all
    /// read; replicas starting together on an empty ring would each make their own.
    /// </summary>
    public static bool EnsureKey(IKeyManager keys, DateTimeOffset now)
    {
        if (keys.GetAllKeys().Any(key => !key.IsRevoked && key.ActivationDate <= now && key.ExpirationDate > now))
        {
            return false;
        }

        keys.CreateNewKey(now, now + KeyLifetime);
        return true;
    }
}
