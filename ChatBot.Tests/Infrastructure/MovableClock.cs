namespace ChatBot.Tests.Infrastructure;

/// <summary>
/// A clock a test moves forward on demand, so that tokens, sessions and quotas age without the test
/// waiting. A frozen one stands still between moves, so that nothing ages while a test works.
/// </summary>
public sealed class MovableClock(bool frozen = false) : TimeProvider
{
    private readonly DateTimeOffset _frozenAt = System.GetUtcNow();
    private long _offsetTicks;

    public void Advance(TimeSpan by) => Interlocked.Add(ref _offsetTicks, by.Ticks);

    public override DateTimeOffset GetUtcNow() =>
        (frozen ? _frozenAt : base.GetUtcNow()).AddTicks(Interlocked.Read(ref _offsetTicks));
}
