using System.Buffers.Binary;
using ChatBot.Tests.Infrastructure;

namespace ChatBot.Tests.Messages;

/// <summary>
/// SQLite's write-ahead log while people write without a pause: it starts over again and again, where it
/// would otherwise grow for as long as they write (gigabytes within minutes at S1's rates).
/// </summary>
public sealed class WriteAheadLogTests : IDisposable
{
    private const int Pairs = 8;

    private readonly TempDirectory _data = new();

    [Fact]
    public async Task TheLogStartsOverWhileMessagesKeepComing()
    {
        var file = _data.File("chat.db");
        var database = $"Data Source={file}";
        await MigrationWorkerProcess.MigrateAsync(database);
        await using var api = await ApiProcess.StartAsync(database, settings: ApiProcess.NoSendQuota);
        var senders = await Accounts.ConnectPairsAsync(api.Address, Pairs, api.Address, api.Address);

        // Everyone writes, each sending again as soon as the last was stored. The log may start over as the first
        // messages come, after the quiet of signing in; once they come without a pause, only the checkpoints can.
        var sent = 0;
        using var stop = new CancellationTokenSource();
        var writing = Task.WhenAll(senders.Select(async sender =>
        {
            while (!stop.IsCancellationRequested)
            {
                await sender.Device.SendAsync(sender.Conversation, $"message {Interlocked.Increment(ref sent)} of a stream that never pauses");
            }
        }));
        await Poll.UntilAsync(() => Volatile.Read(ref sent) >= 300, TimeSpan.FromSeconds(30), "300 messages sent");
        var startsBefore = StartsOfTheLog(file);
        var sentBefore = Volatile.Read(ref sent);
        try
        {
            await Poll.UntilAsync(() => StartsOfTheLog(file) > startsBefore, TimeSpan.FromSeconds(30), "the log to start over while messages keep coming");
        }
        finally
        {
            await stop.CancelAsync();
            await writing;
        }

        TestContext.Current.TestOutputHelper!.WriteLine(
            $"the log started over after {sent - sentBefore} more messages; its file is {new FileInfo(file + "-wal").Length / 1024} KiB");
        foreach (var (device, _) in senders)
        {
            await device.DisposeAsync();
        }
    }

    public void Dispose() => _data.Dispose();

    /// <summary>How many times the log has started over: its header's checkpoint sequence number (big-endian, at byte 12).</summary>
    private static uint StartsOfTheLog(string database)
    {
        using var log = new FileStream(database + "-wal", FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        Span<byte> header = stackalloc byte[32];
        log.ReadExactly(header);
        return BinaryPrimitives.ReadUInt32BigEndian(header[12..]);
    }
}
