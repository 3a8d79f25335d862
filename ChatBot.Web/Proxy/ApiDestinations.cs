using Yarp.ReverseProxy.Configuration;

namespace ChatBot.Web.Proxy;

/// <summary>
/// Where the API runs, from the service configuration Aspire (or the Launcher) injects:
/// <c>services__apiservice__http__0</c>, <c>…__1</c>, … — one entry per replica, or one shared address.
/// The proxy's health checks decide which of them are available.
/// </summary>
public static class ApiDestinations
{
    public const string ServiceName = "apiservice";

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

    private static List<string> Addresses(IConfigurationSection service, string scheme) =>
        service.GetSection(scheme).GetChildren()
            .Select(child => child.Value)
            .OfType<string>()
            .Where(value => value.Length > 0)
            .ToList();
}
