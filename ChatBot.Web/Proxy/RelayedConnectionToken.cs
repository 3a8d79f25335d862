namespace ChatBot.Web.Proxy;

/// <summary>A SignalR connection token marked with the replica that issued it: "{replica}.{token}".</summary>
internal static class RelayedConnectionToken
{
    private const char Separator = '.';

    public static string Wrap(string replicaId, string connectionToken) => $"{replicaId}{Separator}{connectionToken}";

    public static bool TryUnwrap(string value, out string replicaId, out string connectionToken)
    {
        var separator = value.IndexOf(Separator, StringComparison.Ordinal);
        (replicaId, connectionToken) = separator > 0 ? (value[..separator], value[(separator + 1)..]) : ("", "");
        return connectionToken.Length > 0;
    }
}
