using System.Collections.Concurrent;
using System.Diagnostics;

namespace ChatBot.LoadTest.Measuring;

/// <summary>
/// One rate of a sweep: what was sent, acknowledged and delivered, and when. A message counts as arrived, for
/// its latency, once all of its <paramref name="recipients"/> have it (one in a pair, the others in a group).
/// </summary>
public sealed class RateRun(long start, long measureFrom, long end, int recipients = 1)
{
    private readonly ConcurrentDictionary<Guid, int> _receipts = new();
    private long _sent;
    private long _acknowledged;
    private long _failed;
    private long _delivered;
    private long _deliveredInWindow;

    /// <summary>A run that starts in a moment: warm-up first, then the measured window.</summary>
    public static RateRun StartingNow(double warmupSeconds, double durationSeconds, int recipients = 1)
    {
        var frequency = Stopwatch.Frequency;
        var start = Stopwatch.GetTimestamp() + frequency / 10;
        return new RateRun(
            start,
            measureFrom: start + (long)(warmupSeconds * frequency),
            end: start + (long)((warmupSeconds + durationSeconds) * frequency),
            recipients);
    }

    public long Start { get; } = start;

    public long MeasureFrom { get; } = measureFrom;

    public long End { get; } = end;

    /// <summary>The server's processes' CPU time while the rate was measured; null when they are not known.</summary>
    public TimeSpan? ServerCpu { get; set; }

    public double ServerCpuPercent => ServerCpu is { } cpu ? cpu.TotalSeconds / Seconds * 100 : double.NaN;

    public double ServerCpuMicrosecondsPerDelivery =>
        ServerCpu is { } cpu && _deliveredInWindow > 0 ? cpu.TotalMicroseconds / Interlocked.Read(ref _deliveredInWindow) : double.NaN;

    private double Seconds => (double)(End - MeasureFrom) / Stopwatch.Frequency;

    /// <summary>From due to the last recipient's receipt.</summary>
    public LatencyHistogram Latency { get; } = new();

    public long Acknowledged => Interlocked.Read(ref _acknowledged);

    public long Delivered => Interlocked.Read(ref _delivered);

    public long Failed => Interlocked.Read(ref _failed);

    /// <summary>Messages that arrived while the rate was measured, per second of it.</summary>
    public double DeliveredPerSecond => Interlocked.Read(ref _deliveredInWindow) / Seconds;

    public bool Settled => Interlocked.Read(ref _acknowledged) + Interlocked.Read(ref _failed) == Interlocked.Read(ref _sent)
        && Interlocked.Read(ref _delivered) >= Interlocked.Read(ref _acknowledged) * recipients;

    public void Sent() => Interlocked.Increment(ref _sent);

    public void Acknowledge() => Interlocked.Increment(ref _acknowledged);

    public void Fail() => Interlocked.Increment(ref _failed);

    public void Deliver(long now, long due, Guid message)
    {
        Interlocked.Increment(ref _delivered);
        if (now >= MeasureFrom && now < End)
        {
            Interlocked.Increment(ref _deliveredInWindow);
        }

        if (recipients > 1)
        {
            // Only the last member's receipt ends the message's latency.
            if (_receipts.AddOrUpdate(message, 1, (_, count) => count + 1) < recipients)
            {
                return;
            }

            _receipts.TryRemove(message, out _);
        }

        if (due >= MeasureFrom)
        {
            Latency.Record(Stopwatch.GetElapsedTime(due, now));
        }
    }
}
