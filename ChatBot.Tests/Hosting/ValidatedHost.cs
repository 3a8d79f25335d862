using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Hosting;

namespace ChatBot.Tests.Hosting;

/// <summary>
/// A service's host as its Program builds it, in the given environment, with the container's checks on:
/// every registration resolvable at build, no scoped service taken by a singleton.
/// </summary>
public sealed class ValidatedHost<TEntryPoint>(string environment, IReadOnlyDictionary<string, string?> settings)
    : WebApplicationFactory<TEntryPoint>
    where TEntryPoint : class
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(environment);
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }
    }

    protected override IHost CreateHost(IHostBuilder builder)
    {
        builder.UseDefaultServiceProvider(options =>
        {
            options.ValidateScopes = true;
            options.ValidateOnBuild = true;
        });
        return base.CreateHost(builder);
    }
}
