using System.Net;
using System.Net.Sockets;

namespace ChatBot.Launcher;

/// <summary>
/// The services of the AppHost, started the way Aspire starts them: the migrations run to completion,
/// then the API, then the web front end, each with the configuration Aspire would inject.
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
            var connectionString = $"Data Source={DatabasePath()}";

            var migrations = Start("migrations", "ChatBot.MigrationWorker", ConsoleColor.DarkYellow, new()
            {
                ["ConnectionStrings__chatdb"] = connectionString,
            });
            var migrated = await migrations.Exited.WaitAsync(stop);
            _running.Remove(migrations);
            if (migrated != 0)
            {
                throw new LaunchException($"The database migration failed with exit code {migrated}; its log is above.");
            }

            var apiUrl = new Uri($"http://127.0.0.1:{FreeLoopbackPort()}");
            var api = Start("apiservice", "ChatBot.ApiService", ConsoleColor.Cyan, new()
            {
                ["ASPNETCORE_URLS"] = apiUrl.ToString().TrimEnd('/'),
                ["ConnectionStrings__chatdb"] = connectionString,
            });
            await HealthProbe.WaitUntilHealthyAsync(api, apiUrl, StartTimeout, stop);

            var webUrl = new Uri($"http://localhost:{options.Port}");
            var web = Start("webfrontend", "ChatBot.Web", ConsoleColor.Green, new()
            {
                ["ASPNETCORE_URLS"] = webUrl.ToString().TrimEnd('/'),
                ["services__apiservice__http__0"] = apiUrl.ToString().TrimEnd('/'),
            });
            await HealthProbe.WaitUntilHealthyAsync(web, webUrl, StartTimeout, stop);

            ServiceProcess.WriteLine("", ConsoleColor.White, $"""

                ChatBot is running: open {webUrl}
                The database is {DatabasePath()}. Press Ctrl+C to stop.

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
            // The front end first, so nobody is cut off mid-request by the API going away.
            foreach (var service in Enumerable.Reverse(_running))
            {
                await service.StopAsync(StopGrace);
            }
        }
    }

    private ServiceProcess Start(string name, string project, ConsoleColor color, Dictionary<string, string> environment)
    {
        environment["OTEL_SERVICE_NAME"] = name;
        // One line per log entry reads best with the name in front of it.
        environment["Logging__Console__FormatterName"] = "simple";
        environment["Logging__Console__FormatterOptions__SingleLine"] = "true";
        var service = ServiceProcess.Start(
            name, repository.AssemblyOf(project), repository.ProjectDirectory(project), environment, color);
        _running.Add(service);
        return service;
    }

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
