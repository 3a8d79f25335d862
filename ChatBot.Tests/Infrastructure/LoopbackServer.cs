using System.Net;
using System.Security.Cryptography.X509Certificates;
using ChatBot.ApiService.Auth;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace ChatBot.Tests.Infrastructure;

/// <summary>
/// A service of the app (the API or the web front end) on real Kestrel, on a free loopback port, in the
/// test process; configured only through the configuration contract, as Aspire would configure it.
/// </summary>
public sealed class LoopbackServer<TEntryPoint> : WebApplicationFactory<TEntryPoint>
    where TEntryPoint : class
{
    private readonly IReadOnlyDictionary<string, string?> _settings;
    private readonly Action<IServiceCollection>? _services;

    /// <param name="services">Test-only service changes, such as a clock the test moves.</param>
    /// <param name="certificate">Serve HTTPS with this certificate, instead of HTTP.</param>
    public LoopbackServer(
        IReadOnlyDictionary<string, string?> settings,
        Action<IServiceCollection>? services = null,
        X509Certificate2? certificate = null)
    {
        _settings = settings;
        _services = services;
        if (certificate is null)
        {
            UseKestrel(0);
        }
        else
        {
            UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(certificate)));
        }

        StartServer();
        var address = Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        Address = new Uri(address.Replace("[::1]", "127.0.0.1", StringComparison.Ordinal));
    }

    public Uri Address { get; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        builder.UseSetting(AuthServices.PasswordHashIterationsKey, FastPasswordHashing.Iterations);
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        if (_services is not null)
        {
            builder.ConfigureTestServices(_services);
        }
    }
}
