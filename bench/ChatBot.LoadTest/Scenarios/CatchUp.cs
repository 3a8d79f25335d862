using System.Diagnostics;
using ChatBot.LoadTest.Api;
using ChatBot.LoadTest.Measuring;

namespace ChatBot.LoadTest.Scenarios;

/// <summary>
/// S3: someone comes back to a conversation after missing many messages, and catches up the way the
/// browser does: page after page of GetMessagesAfter, from the last seq shown, until there are no more.
/// </summary>
public sealed class CatchUp(LoadOptions options)
{
    private const int PageSize = 500;
    private const int SendsInFlight = 200;

    public async Task<ResultTable> RunAsync()
    {
        var table = new ResultTable(options.Label ?? "S3: catching up", "missed messages", "pages", "connect ms", "catch-up ms", "msgs/s");
        var accounts = new Accounts(options.Api);
        var users = await Accounts.SignInAtAsync(options.ThroughWeb ? options.Hub : null, await accounts.CreateAsync(2, "catchup"));
        var conversation = await accounts.OpenConversationAsync(users[0], users[1]);

        await using (var writer = await ChatConnection.ConnectAsync(options.Hub, users[0], options.MessagePack))
        {
            for (var sent = 0; sent < options.Messages; sent += SendsInFlight)
            {
                await Task.WhenAll(Enumerable.Range(sent, Math.Min(SendsInFlight, options.Messages - sent))
                    .Select(i => writer.SendAsync(conversation, $"missed message {i}")));
            }
        }

        var started = Stopwatch.GetTimestamp();
        await using var reader = await ChatConnection.ConnectAsync(options.Hub, users[1], options.MessagePack);
        var connected = Stopwatch.GetTimestamp();
        var shown = new List<Message>(options.Messages);
        var pages = 0;
        while (true)
        {
            var page = await reader.GetMessagesAfterAsync(conversation, shown.Count == 0 ? 0 : shown[^1].Seq, PageSize);
            pages++;
            shown.AddRange(page);
            if (page.Count < PageSize)
            {
                break;
            }
        }

        var caughtUp = Stopwatch.GetElapsedTime(connected).TotalMilliseconds;
        table.Add(shown.Count, pages, Stopwatch.GetElapsedTime(started, connected).TotalMilliseconds, caughtUp, shown.Count / (caughtUp / 1000));
        table.Note($"Pages of {PageSize}; {(options.MessagePack ? "MessagePack" : "JSON")}.");
        if (shown.Count != options.Messages || shown.Select((m, i) => m.Seq != i + 1).Any(gap => gap))
        {
            table.Fail($"{shown.Count} messages came back for {options.Messages} missed, or not in order.");
        }

        return table;
    }
}
