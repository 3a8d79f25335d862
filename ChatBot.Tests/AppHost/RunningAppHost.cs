using System.Globalization;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using ChatBot.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TempDirectory = ChatBot.Tests.Infrastructure.TempDirectory;

namespace ChatBot.Tests.AppHost;

/// <summary>
/// ChatBot as people run it: the AppHost, whose DCP starts every service from its launch profile (in
/// Development), as <c>dotnet run --project ChatBot.AppHost</c> does. Only the ports are random, the
/// dashboard is off and passwords are hashed fast (<see cref="FastPasswordHashing"/>). Backing services run
/// as programs from PATH, never containers. Disposing stops them all.
/// </summary>
public sealed class RunningAppHost : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(3);

    private readonly DistributedApplication _app;
    private readonly TempDirectory _data;
    private readonly List<(string Resource, string? State)> _states = [];
    private readonly CancellationTokenSource _stopRecording = new();
    private Task _recording = Task.CompletedTask;

    private RunningAppHost(DistributedApplication app, TempDirectory data, CapturedLogs logs)
    {
        _app = app;
        _data = data;
        Logs = logs;
    }

    /// <summary>What the AppHost logged, its own lines included ("The chat is ready: …").</summary>
    public CapturedLogs Logs { get; }

    public string DataFolder => _data.Path;

    public Uri WebAddress => EndpointOf("webfrontend");

    public ResourceNotificationService Resources => _app.ResourceNotifications;

    /// <param name="args">The AppHost's settings, as on its command line: <c>--ApiReplicas 2</c>.</param>
    public static async Task<RunningAppHost> StartAsync(params string[] args)
    {
        var data = new TempDirectory();
        if (!OperatingSystem.IsWindows())
        {
            // A data folder as people have one: open to others, so that PostgreSQL's own user reaches its cluster in it.
            File.SetUnixFileMode(data.Path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
                | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        }
        var logs = new CapturedLogs();
        using var timeout = new CancellationTokenSource(StartTimeout);
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.ChatBot_AppHost>(
            // A port of its own for the chat, which is not behind DCP's proxy: AppHosts run side by side in the tests.
            ["--DataFolder", data.Path, "--BackingServices", "Executables", "--WebPort", Ports.Free().ToString(CultureInfo.InvariantCulture), .. args],
            timeout.Token);
        foreach (var service in builder.Resources.OfType<ProjectResource>())
        {
            service.Annotations.Add(new EnvironmentCallbackAnnotation(environment =>
                environment[FastPasswordHashing.EnvironmentVariable] = FastPasswordHashing.Iterations));
        }

        // Kept, not printed: the AppHost's lines and every resource's console ("ChatBot.AppHost.Resources.{name}").
        builder.Services.AddLogging(logging => logging.ClearProviders().AddProvider(logs));
        var app = await builder.BuildAsync(timeout.Token);
        var running = new RunningAppHost(app, data, logs);
        try
        {
            running._recording = running.RecordStatesAsync();
            await app.StartAsync(timeout.Token);
            await app.ResourceNotifications.WaitForResourceHealthyAsync("webfrontend", timeout.Token);
            return running;
        }
        catch (Exception exception)
        {
            await running.DisposeAsync();
            throw new InvalidOperationException(
                $"The AppHost did not come up. Its last log lines:\n{string.Join('\n', logs.Entries.TakeLast(60))}", exception);
        }
    }

    /// <summary>Every state each resource has been in, in the order the AppHost announced them.</summary>
    public IReadOnlyList<(string Resource, string? State)> StateHistory
    {
        get
        {
            lock (_states)
            {
                return [.. _states];
            }
        }
    }

    public Uri EndpointOf(string resource) => _app.GetEndpoint(resource, "http");

    public async Task<string> ConnectionStringOfAsync(string resource) =>
        await _app.GetConnectionStringAsync(resource, TestContext.Current.CancellationToken)
        ?? throw new InvalidOperationException($"{resource} has no connection string.");

    /// <summary>The resource's state once <paramref name="predicate"/> holds.</summary>
    public async Task<CustomResourceSnapshot> WaitForAsync(string resource, Func<CustomResourceSnapshot, bool> predicate)
    {
        using var timeout = new CancellationTokenSource(StartTimeout);
        return (await Resources.WaitForResourceAsync(resource, e => predicate(e.Snapshot), timeout.Token)).Snapshot;
    }

    public async ValueTask DisposeAsync()
    {
        await _stopRecording.CancelAsync();
        await _recording;
        await _app.DisposeAsync();
        _data.Dispose();
        _stopRecording.Dispose();
    }

    private async Task RecordStatesAsync()
    {
        try
        {
            await foreach (var change in Resources.WatchAsync(_stopRecording.Token))
            {
                lock (_states)
                {
                    var state = (change.Resource.Name, change.Snapshot.State?.Text);
                    if (_states.LastOrDefault(s => s.Resource == state.Name) != state)
                    {
                        _states.Add(state);
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Stopped.
        }
    }
}
