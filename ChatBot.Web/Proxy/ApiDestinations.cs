using Yarp.ReverseProxy;
using Yarp.ReverseProxy.Configuration;

namespace ChatBot.Web.Proxy;

/// <summary>
/// Where the API runs, from the service configuration Aspire (or the Launcher) injects:
/// <c>services__apiservice__http__0</c>, <c>…__1</c>, … — one entry per replica, or one shared address.
/// The proxy's health checks decide which of them are available, for both the proxy and the hub relay.
/// </summary>
public sealed class ApiDestinations(IProxyStateLookup proxy)
{
    public const string ServiceName = "apiservice";

    private int _next;

    public static Dictionary<string, DestinationConfig> FromConfiguration(IConfiguration configuration)
    {
        var service = configuration.GetSection($"services:{ServiceName}");
        var addresses = Addresses(service, "http");
        if (addresses.Count == 0)
        {
            addresses = Addresses(service, "https");
        }

        if (addresses.Count == 0)
        {
            throw new InvalidOperationException(
                $"The API's address is not configured: set services__{ServiceName}__http__0 (for example to http://localhost:5400).");
        }

        return addresses
            .Select((address, index) => (address, index))
            .ToDictionary(d => $"{ServiceName}-{d.index}", d => new DestinationConfig { Address = d.address });
    }

    /// <summary>The available replicas, starting with the next in a round-robin rotation.</summary>
    public IEnumerable<(string Id, Uri Address)> InRotation()
    {
        if (!proxy.TryGetCluster(ServiceName, out var cluster) || cluster.DestinationsState is not { } state)
        {
            yield break;
        }

        var available = state.AvailableDestinations;
        var start = (Interlocked.Increment(ref _next) & int.MaxValue) % Math.Max(available.Count, 1);
        for (var i = 0; i < available.Count; i++)
        {
            var destination = available[(start + i) % available.Count];
            yield return (destination.DestinationId, new Uri(destination.Model.Config.Address));
        }
    }

    /// <summary>A replica by its id, available or not: a connection it holds can only be continued there.</summary>
    public Uri? Find(string id) =>
        proxy.TryGetCluster(ServiceName, out var cluster) && cluster.Destinations.TryGetValue(id, out var destination)
            ? new Uri(destination.Model.Config.Address)
            : null;

    private static List<string> Addresses(IConfigurationSection service, string scheme) =>
        service.GetSection(scheme).GetChildren()
            .Select(child => child.Value)
            .OfType<string>()
            .Where(value => value.Length > 0)
            .ToList();
}
