using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace ChatBot.Launcher;

/// <summary>
/// The services of the AppHost, started the way Aspire starts them: Redis when asked for, the migrations
/// to completion, then the API replicas, then the web front end, each with the configuration Aspire would
/// inject.
/// </summary>
public sealed class Topology(Repository repository, LaunchOptions options)
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(10);

    private readonly List<ServiceProcess> _running = [];

    /// <returns>The process exit code: 0 after Ctrl+C, 1 when a service failed.</returns>
    public async Task<int> RunAsync(CancellationToken stop)
    {
        try
        {
            var database = new Dictionary<string, string> { ["ConnectionStrings__chatdb"] = $"Data Source={DatabasePath()}" };
            var cache = options.UsesRedis ? await StartRedisAsync(stop) : null;

            var migrations = StartProject("migrations", "ChatBot.MigrationWorker", ConsoleColor.DarkYellow, database);
            var migrated = await migrations.Exited.WaitAsync(stop);
            _running.Remove(migrations);
            if (migrated != 0)
            {
                throw new LaunchException($"The database migration failed with exit code {migrated}; its log is above.");
            }

            var apiUrls = new List<string>();
            for (var replica = 1; replica <= options.ApiReplicas; replica++)
            {
                var url = $"http://127.0.0.1:{FreeLoopbackPort()}";
                var environment = new Dictionary<string, string>(database) { ["ASPNETCORE_URLS"] = url };
                if (cache is not null)
                {
                    environment["ConnectionStrings__cache"] = cache;
                }

                var name = options.ApiReplicas == 1 ? "apiservice" : $"apiservice-{replica}";
                var api = StartProject(name, "ChatBot.ApiService", ConsoleColor.Cyan, environment);
                await HealthProbe.WaitUntilHealthyAsync(api, new Uri(url), StartTimeout, stop);
                apiUrls.Add(url);
            }

            var webUrl = new Uri($"http://localhost:{options.Port}");
            var webEnvironment = new Dictionary<string, string> { ["ASPNETCORE_URLS"] = webUrl.ToString().TrimEnd('/') };
            for (var i = 0; i < apiUrls.Count; i++)
            {
                webEnvironment[$"services__apiservice__http__{i}"] = apiUrls[i];
            }

            var web = StartProject("webfrontend", "ChatBot.Web", ConsoleColor.Green, webEnvironment);
            await HealthProbe.WaitUntilHealthyAsync(web, webUrl, StartTimeout, stop);

            ServiceProcess.WriteLine("", ConsoleColor.White, $"""

                ChatBot is running: open {webUrl}
                The database is {DatabasePath()}; {Describe(apiUrls.Count, cache)}. Press Ctrl+C to stop.

                """);

            // Run until Ctrl+C, or until any service dies: then everything stops.
            var died = await Task.WhenAny(_running.Select(s => s.Exited)).WaitAsync(stop);
            var service = _running.First(s => s.Exited == died);
            throw new LaunchException($"{service.Name} exited unexpectedly with code {await died}; stopping everything.");
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            ServiceProcess.WriteLine("launcher    | ", ConsoleColor.White, "Stopping…");
            return 0;
        }
        catch (LaunchException failure)
        {
            ServiceProcess.WriteLine("launcher    | ", ConsoleColor.Red, failure.Message);
            return 1;
        }
        finally
        {
            // The front end first, Redis last: nobody is cut off mid-request by what is behind them going away.
            foreach (var service in Enumerable.Reverse(_running))
            {
                await service.StopAsync(StopGrace);
            }
        }
    }

    /// <returns>The connection string of the Redis it started.</returns>
    private async Task<string> StartRedisAsync(CancellationToken stop)
    {
        var port = FreeLoopbackPort();
        var redis = ServiceProcess.Start(
            "cache", RedisServer.Locate(), RedisServer.Arguments(port), repository.Root, new Dictionary<string, string>(), ConsoleColor.Red);
        _running.Add(redis);
        await RedisServer.WaitUntilReadyAsync(redis, port, StartTimeout, stop);
        return $"127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}";
    }

    private ServiceProcess StartProject(string name, string project, ConsoleColor color, Dictionary<string, string> environment)
    {
        environment["OTEL_SERVICE_NAME"] = name;
        // One line per log entry reads best with the name in front of it.
        environment["Logging__Console__FormatterName"] = "simple";
        environment["Logging__Console__FormatterOptions__SingleLine"] = "true";
        var service = ServiceProcess.Start(
            name, "dotnet", [repository.AssemblyOf(project)], repository.ProjectDirectory(project), environment, color);
        _running.Add(service);
        return service;
    }

    private static string Describe(int replicas, string? cache) =>
        (replicas == 1 ? "one API instance" : $"{replicas} API instances") +
        (cache is null ? ", no Redis" : $", Redis at {cache}");

    private string DatabasePath()
    {
        var directory = Path.GetFullPath(options.DataDirectory ?? Path.Combine(repository.Root, "data"));
        Directory.CreateDirectory(directory);
        return Path.Combine(directory, "chatbot.db");
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
