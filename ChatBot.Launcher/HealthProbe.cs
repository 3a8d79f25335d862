using System.Diagnostics;

namespace ChatBot.Launcher;

internal static class HealthProbe
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(200);

    /// <summary>Waits until <c>/health</c> answers 200; fails as soon as the service exits, or after <paramref name="timeout"/>.</summary>
    public static async Task WaitUntilHealthyAsync(
        ServiceProcess service, Uri baseAddress, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var health = new Uri(baseAddress, "/health");
        var waited = Stopwatch.StartNew();

        while (!await IsHealthyAsync(http, health, cancellationToken))
        {
            if (service.HasExited)
            {
                throw new LaunchException($"{service.Name} exited with code {await service.Exited} while starting; its log is above.");
            }

            if (waited.Elapsed > timeout)
            {
                throw new LaunchException($"{service.Name} was not healthy at {health} after {timeout.TotalSeconds:0} s.");
            }

            await Task.Delay(PollInterval, cancellationToken);
        }
    }

    private static async Task<bool> IsHealthyAsync(HttpClient http, Uri health, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await http.GetAsync(health, cancellationToken);
            return response.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false; // not listening yet
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false; // this probe timed out; the next may not
        }
    }
}
