using HdrHistogram;

namespace ChatBot.LoadTest.Measuring;

/// <summary>Latencies in microseconds, 1 µs to 1 min at three significant digits; safe to record from any thread.</summary>
public sealed class LatencyHistogram
{
    private readonly LongHistogram _histogram = new(1, 60_000_000, 3);
    private readonly Lock _lock = new();

    public void Record(TimeSpan latency)
    {
        var microseconds = Math.Clamp((long)latency.TotalMicroseconds, 1, _histogram.HighestTrackableValue);
        lock (_lock)
        {
            _histogram.RecordValue(microseconds);
        }
    }

    public long Count
    {
        get
        {
            lock (_lock)
            {
                return _histogram.TotalCount;
            }
        }
    }

    public double PercentileMilliseconds(double percentile)
    {
        lock (_lock)
        {
            return _histogram.TotalCount == 0 ? double.NaN : _histogram.GetValueAtPercentile(percentile) / 1000.0;
        }
    }

    public double MaxMilliseconds
    {
        get
        {
            lock (_lock)
            {
                return _histogram.TotalCount == 0 ? double.NaN : _histogram.GetMaxValue() / 1000.0;
            }
        }
    }
}
