using System.Diagnostics;
using Microsoft.Extensions.Configuration;

namespace ChatBot.AppHost.Topology;

/// <summary>Where backing services (Redis, PostgreSQL) run: in containers where a runtime answers, else as programs.</summary>
internal static class BackingServiceHost
{
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(10);

    public static bool UsesContainers(TopologyOptions topology, IConfiguration configuration) => topology.BackingServices switch
    {
        BackingServices.Containers => true,
        BackingServices.Executables => false,
        _ => ContainerRuntimeAnswers(configuration),
    };

    /// <returns>The full path of <paramref name="program"/> on PATH.</returns>
    /// <exception cref="TopologyException">It is not there; <paramref name="install"/> says how to get it.</exception>
    public static string FindProgram(string program, string neededFor, string install) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, program))
            .FirstOrDefault(File.Exists)
        ?? throw new TopologyException(
            $"{neededFor} needs {program} on PATH, or a container runtime (Docker or Podman), and neither is here: {install}.");

    /// <summary>Asks the runtime Aspire would use (Docker unless ASPIRE_CONTAINER_RUNTIME says otherwise) whether it runs.</summary>
    private static bool ContainerRuntimeAnswers(IConfiguration configuration)
    {
        var runtime = configuration["ASPIRE_CONTAINER_RUNTIME"] ?? configuration["DOTNET_ASPIRE_CONTAINER_RUNTIME"] ?? "docker";
        try
        {
            using var info = Process.Start(new ProcessStartInfo(runtime, "info")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            })!;
            _ = info.StandardOutput.ReadToEndAsync();
            _ = info.StandardError.ReadToEndAsync();
            if (!info.WaitForExit(ProbeTimeout))
            {
                info.Kill(entireProcessTree: true);
                return false;
            }

            return info.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false; // not installed
        }
    }
}
