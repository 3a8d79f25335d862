using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;

namespace ChatBot.Web.Proxy;

/// <summary>
/// A SignalR connection token as the browser gets it: the replica that holds the connection and the API's
/// token, sealed (Data Protection) to the signed-in person. Only they can open or resume the connection with
/// it; for anyone else it is no token at all.
/// </summary>
internal sealed class RelayedConnectionToken(IDataProtectionProvider protection)
{
    private const string Purpose = "ChatBot.Web.HubConnectionToken";
    private const char Separator = '.';

    public string Wrap(string userId, string replicaId, string connectionToken) =>
        Protector(userId).Protect($"{replicaId}{Separator}{connectionToken}");

    public bool TryUnwrap(string userId, string value, out string replicaId, out string connectionToken)
    {
        (replicaId, connectionToken) = ("", "");
        string plain;
        try
        {
            plain = Protector(userId).Unprotect(value);
        }
        catch (CryptographicException)
        {
            return false;
        }

        var separator = plain.IndexOf(Separator, StringComparison.Ordinal);
        (replicaId, connectionToken) = separator > 0 ? (plain[..separator], plain[(separator + 1)..]) : ("", "");
        return connectionToken.Length > 0;
    }

    private IDataProtector Protector(string userId) => protection.CreateProtector(Purpose, userId);
}
