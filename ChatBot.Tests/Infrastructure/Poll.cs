namespace ChatBot.Tests.Infrastructure;

public static class Poll
{
    /// <summary>Waits until <paramref name="condition"/> holds, checking every 100 ms; fails after <paramref name="timeout"/>.</summary>
    public static Task UntilAsync(Func<bool> condition, TimeSpan timeout, string waitingFor) =>
        UntilAsync(() => Task.FromResult(condition()), timeout, waitingFor);

    /// <summary>Waits until <paramref name="condition"/> holds, checking every 100 ms; fails after <paramref name="timeout"/>.</summary>
    public static async Task UntilAsync(Func<Task<bool>> condition, TimeSpan timeout, string waitingFor)
    {
        using var deadline = new CancellationTokenSource(timeout);
        while (!await condition())
        {
            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(100), deadline.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"Still waiting for {waitingFor} after {timeout.TotalSeconds:0} s.");
            }
        }
    }
}
