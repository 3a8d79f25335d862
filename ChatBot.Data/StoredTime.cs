namespace ChatBot.Data;

public static class StoredTime
{
    /// <summary>
    /// The time now, as the database keeps it: whole milliseconds. A value handed out before it is stored
    /// then equals the value read back later.
    /// </summary>
    public static DateTimeOffset UtcNow(TimeProvider time)
    {
        var now = time.GetUtcNow();
        return now.AddTicks(-(now.Ticks % TimeSpan.TicksPerMillisecond));
    }
}
