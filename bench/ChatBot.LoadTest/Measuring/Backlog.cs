using System.Diagnostics;

namespace ChatBot.LoadTest.Measuring;

/// <summary>
/// The end of a sweep: a server that fell behind is still delivering when the last rate ends, so a message
/// counts as lost only once deliveries have stopped coming and it still has not arrived.
/// </summary>
public static class Backlog
{
    private static readonly TimeSpan Quiet = TimeSpan.FromSeconds(10);

    /// <summary>Waits while <paramref name="delivered"/> is short of <paramref name="expected"/> and still growing.</summary>
    public static async Task DrainAsync(Func<long> delivered, Func<long> expected)
    {
        var last = delivered();
        var lastChange = Stopwatch.GetTimestamp();
        while (delivered() < expected() && Stopwatch.GetElapsedTime(lastChange) < Quiet)
        {
            await Task.Delay(100);
            if (delivered() != last)
            {
                last = delivered();
                lastChange = Stopwatch.GetTimestamp();
            }
        }
    }
}
