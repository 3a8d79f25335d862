using System.Globalization;
using ChatBot.Data;
using ChatBot.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace ChatBot.Tests.Benchmark;

/// <summary>
/// The load generator's scenarios, each run at a tiny size against a real API: they finish, and what they
/// report agrees with the delivery contract. How fast the chat is, bench/run.sh measures; not these tests.
/// Each group of scenarios is a class of its own: they wait on processes and clocks, and run side by side.
/// </summary>
[LongRunning]
public abstract class LoadGeneratorTests : IDisposable
{
    private const string LoadGenerator = "bench/ChatBot.LoadTest";

    private readonly TempDirectory _data = new();

    /// <summary>S1: pairs of people writing to each other, at two rates.</summary>
    public sealed class Pairs : LoadGeneratorTests
    {
        [Fact]
        public async Task S1DeliversAndStoresEveryAcknowledgedMessage()
        {
            var database = _data.File("chat.db");
            await using var api = await StartApiAsync(database);

            var (exitCode, output) = await RunAsync(api, "--scenario", "s1", "--pairs", "2", "--rates", "40,80",
                "--first-warmup", "0.5", "--warmup", "0.5", "--duration", "1", "--database", $"Data Source={database}");

            var rows = Rows(output);
            Assert.Equal(0, exitCode);
            // The sweep goes up the rates and stops after one the server fell behind at: on a busy machine a freshly
            // started API can fall behind even 40 a second in its first measured second, and then says so.
            var rates = rows.Select(row => int.Parse(row["offered msgs/s"], CultureInfo.InvariantCulture)).ToList();
            Assert.NotEmpty(rates);
            Assert.Equal(new[] { 40, 80 }.Take(rates.Count), rates);
            if (rates.Count == 1)
            {
                Assert.Contains("The sweep stopped at 40 msgs/s, which it fell behind.", output, StringComparison.Ordinal);
            }

            // Open loop: each rate sends rate × (0.5 s settling + 1 s measured) messages, answered or not.
            var sent = rates.Select(rate => rate * 3 / 2L).ToList();
            Assert.Equal(sent, rows.Select(row => Count(row["acknowledged"])));
            Assert.All(rows, row => Assert.Equal(row["acknowledged"], row["delivered"]));
            Assert.All(rows, row => Assert.Equal("0", row["lost"]));
            var stored = 20 + sent.Sum(); // 40 a second for the 0.5 s warm-up, then each rate
            Assert.Contains($"Stored rows {stored} = acknowledgements {stored}: yes.", output, StringComparison.Ordinal);
        }

    }

    /// <summary>S1mix: pairs sending, editing, deleting and reacting.</summary>
    public sealed class Mix : LoadGeneratorTests
    {
        [Fact]
        public async Task S1MixDeliversAndStoresEverySendAndChangeItAcknowledged()
        {
            var database = _data.File("chat.db");
            await using var api = await StartApiAsync(database);

            var (exitCode, output) = await RunAsync(api, "--scenario", "s1mix", "--pairs", "2", "--rates", "40",
                "--first-warmup", "1", "--warmup", "0.5", "--duration", "1.5", "--database", $"Data Source={database}");

            var row = Assert.Single(Rows(output));
            Assert.Equal(0, exitCode);
            // Open loop: 40 actions a second for 2 s, each a row its recipient receives, a message or a change.
            Assert.Equal((80, 80, 0L), (Count(row["acknowledged"]), Count(row["delivered"]), Count(row["lost"])));
            Assert.Contains("Stored rows 120 = acknowledgements 120: yes.", output, StringComparison.Ordinal); // 40 warm-up + 80
            await using var db = new ChatDbContext(new DbContextOptionsBuilder<ChatDbContext>().UseChatDatabase($"Data Source={database}").Options);
            var kinds = await db.Messages.GroupBy(m => m.Kind).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(TestContext.Current.CancellationToken);
            Assert.All(new[] { MessageKind.Text, MessageKind.ReactionAdded, MessageKind.MessageEdited, MessageKind.MessageDeleted },
                kind => Assert.Contains(kinds, k => k.Key == kind && k.Count > 0));
            Assert.True(kinds.Single(k => k.Key == MessageKind.Text).Count >= 120 * 0.8, output);
        }

    }

    /// <summary>S1 against the benchmark's bare hub, which stores nothing.</summary>
    public sealed class BareHub : LoadGeneratorTests
    {
        [Fact]
        public async Task S1AgainstTheBareHubDeliversWhatItNumbersAndStoresNothing()
        {
            var database = _data.File("chat.db");
            await using var api = await StartApiAsync(database);
            var bare = new Uri($"http://127.0.0.1:{Ports.Free().ToString(CultureInfo.InvariantCulture)}");
            await using var bareHub = ChildProcess.StartDotnet("bench/ChatBot.BareHub", environment: new Dictionary<string, string>
            {
                ["ASPNETCORE_URLS"] = bare.ToString().TrimEnd('/'),
                ["ConnectionStrings__chatdb"] = $"Data Source={database}",
            });
            await bareHub.WaitForOutputAsync("Application started", TimeSpan.FromSeconds(60));

            var (exitCode, output) = await RunAsync(api, "--hub", bare.ToString(), "--scenario", "s1", "--pairs", "2", "--rates", "40",
                "--first-warmup", "0.5", "--warmup", "0.5", "--duration", "1", "--server-pid", bareHub.Id.ToString(CultureInfo.InvariantCulture));

            var row = Assert.Single(Rows(output));
            Assert.Equal(0, exitCode);
            Assert.Equal(60, Count(row["acknowledged"]));
            Assert.Equal(60, Count(row["delivered"]));
            Assert.True(double.Parse(row["CPU µs/msg"], CultureInfo.InvariantCulture) > 0, output);
            Assert.Equal(0, await CountStoredMessagesAsync(database));
        }

    }

    /// <summary>S1 through the web front end, as browsers connect.</summary>
    public sealed class ThroughTheWebFrontEnd : LoadGeneratorTests
    {
        [Fact]
        public async Task S1ThroughTheWebFrontEndSignsInAsBrowsersDoAndMeasuresBothProcesses()
        {
            var database = _data.File("chat.db");
            await using var api = await StartApiAsync(database);
            await using var web = await WebProcess.StartAsync(new Dictionary<string, string> { ["services__apiservice__http__0"] = api.Address.ToString() });

            var (exitCode, output) = await RunAsync(api, "--web", web.Address.ToString(), "--scenario", "s1", "--pairs", "2", "--rates", "40",
                "--first-warmup", "0.5", "--warmup", "0.5", "--duration", "1", "--database", $"Data Source={database}",
                "--server-pid", $"{api.Id.ToString(CultureInfo.InvariantCulture)},{web.Id.ToString(CultureInfo.InvariantCulture)}");

            var row = Assert.Single(Rows(output));
            Assert.Equal(0, exitCode);
            Assert.Equal((60, 60), (Count(row["acknowledged"]), Count(row["delivered"])));
            Assert.True(double.Parse(row["server CPU %"], CultureInfo.InvariantCulture) > 0, output);
            Assert.Contains("through the web front end", output, StringComparison.Ordinal);
            Assert.Contains("Stored rows 80 = acknowledgements 80: yes.", output, StringComparison.Ordinal); // 20 warm-up + 60
        }

    }

    /// <summary>S4: groups.</summary>
    public sealed class Groups : LoadGeneratorTests
    {
        [Fact]
        public async Task S4DeliversEveryGroupMessageToEveryOtherMemberAndStoresItOnce()
        {
            var database = _data.File("chat.db");
            await using var api = await StartApiAsync(database);

            var (exitCode, output) = await RunAsync(api, "--scenario", "s4", "--groups", "2", "--group-size", "4", "--rates", "40",
                "--first-warmup", "0.5", "--warmup", "0.5", "--duration", "1", "--database", $"Data Source={database}");

            var row = Assert.Single(Rows(output));
            Assert.Equal(0, exitCode);
            // Open loop: 40 sends a second for 1.5 s, each received by the 3 other members of its group.
            Assert.Equal((60, 180, 0L), (Count(row["acknowledged"]), Count(row["delivered"]), Count(row["lost"])));
            Assert.True(double.Parse(row["p99 ms"], CultureInfo.InvariantCulture) > 0, output);
            Assert.Contains("Stored rows 80 = acknowledgements 80: yes.", output, StringComparison.Ordinal); // 20 warm-up + 60
        }

    }

    /// <summary>S2 and S3: connections held, and history caught up on; and where the generator sends traffic.</summary>
    public sealed class ConnectionsAndHistory : LoadGeneratorTests
    {
        [Fact]
        public async Task S2OpensAndHoldsEveryConnection()
        {
            await using var api = await StartApiAsync(_data.File("chat.db"));

            var (exitCode, output) = await RunAsync(api, "--scenario", "s2", "--connections", "30", "--users", "3",
                "--connect-rate", "200", "--hold", "1", "--server-pid", api.Id.ToString(CultureInfo.InvariantCulture));

            var row = Assert.Single(Rows(output));
            Assert.Equal(0, exitCode);
            Assert.Equal(30, Count(row["connections"]));
            Assert.Equal(3, Count(row["people"]));
            Assert.Equal(0, Count(row["failed"]));
            Assert.True(double.Parse(row["server RSS after MiB"], CultureInfo.InvariantCulture) > 0, output);
        }

        [Fact]
        public async Task S3ShowsEveryMissedMessageInOrder()
        {
            await using var api = await StartApiAsync(_data.File("chat.db"));

            var (exitCode, output) = await RunAsync(api, "--scenario", "s3", "--messages", "120");

            var row = Assert.Single(Rows(output));
            Assert.Equal(0, exitCode);
            Assert.Equal(120, Count(row["missed messages"]));
            Assert.Equal(1, Count(row["pages"]));
        }

        [Fact]
        public async Task ItRefusesToSendTrafficBeyondLoopback()
        {
            await using var generator = ChildProcess.StartDotnet(LoadGenerator, ["--api", "http://192.0.2.1:5000", "--scenario", "s1"]);

            var exitCode = await generator.WaitForExitAsync(TimeSpan.FromMinutes(1));

            Assert.Equal(2, exitCode);
            Assert.Contains("The load generator sends traffic to loopback only.", generator.Output, StringComparison.Ordinal);
        }
    }

    /// <summary>S6: files uploaded and downloaded, small, large, photos and many at once.</summary>
    public sealed class Files : LoadGeneratorTests
    {
        [Fact]
        public async Task S6UploadsAndDownloadsEveryFileAndMeasuresTheApi()
        {
            await using var api = await StartApiAsync(_data.File("chat.db"), new Dictionary<string, string>
            {
                ["RateLimits__RestRoutes__UploadFile__PermitsPerSecond"] = "10000",
                ["RateLimits__RestRoutes__UploadFile__Burst"] = "10000",
            });

            var (exitCode, output) = await RunAsync(api, "--scenario", "s6", "--files", "20", "--file-mb", "1",
                "--server-pid", api.Id.ToString(CultureInfo.InvariantCulture));

            var rows = Rows(output);
            Assert.Equal(0, exitCode);
            Assert.Equal(
                ["100 KB uploads", "5 MB uploads", "12 MP photos (re-encoded)", "5 MB downloads", "1 MB uploads, 20 at once", "1 MB downloads, 20 at once"],
                rows.Select(row => row["transfer"]));
            Assert.Equal([20L, 1, 1, 1, 20, 20], rows.Select(row => Count(row["files"])));
            // Each row's bytes went through: its MB/s is the files' size over its time, which no row can have at zero.
            Assert.All(rows, row => Assert.True(double.Parse(row["MB/s"], CultureInfo.InvariantCulture) > 0, output));
            Assert.All(rows, row => Assert.True(double.Parse(row["API CPU ms/file"], CultureInfo.InvariantCulture) > 0, output));
            await using var db = new ChatDbContext(new DbContextOptionsBuilder<ChatDbContext>().UseChatDatabase($"Data Source={_data.File("chat.db")}").Options);
            // Warm-up 21 (20 small, a photo), then 20 + 1 + 1 + 20 measured; every one stored, the 21 sent in messages downloaded.
            Assert.Equal(63, await db.Files.CountAsync(f => f.Sha256 != null, TestContext.Current.CancellationToken));
            Assert.Equal(21, await db.Files.CountAsync(f => f.MessageSeq != null, TestContext.Current.CancellationToken));
        }
    }

    public void Dispose() => _data.Dispose();

    private static async Task<ApiProcess> StartApiAsync(string database, IReadOnlyDictionary<string, string>? settings = null)
    {
        var connectionString = $"Data Source={database}";
        await MigrationWorkerProcess.MigrateAsync(connectionString);
        return await ApiProcess.StartAsync(connectionString, settings: settings ?? ApiProcess.NoSendQuota);
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(ApiProcess api, params string[] arguments)
    {
        await using var generator = ChildProcess.StartDotnet(LoadGenerator, ["--api", api.Address.ToString(), .. arguments]);
        var exitCode = await generator.WaitForExitAsync(TimeSpan.FromMinutes(2));
        TestContext.Current.TestOutputHelper!.WriteLine(generator.Output);
        return (exitCode, generator.Output);
    }

    /// <summary>The rows of the Markdown table the generator prints, by column name.</summary>
    private static List<Dictionary<string, string>> Rows(string output)
    {
        var lines = output.Split('\n').Select(line => line.Trim()).Where(line => line.StartsWith('|')).ToList();
        Assert.True(lines.Count >= 2, $"No result table in:\n{output}");
        static string[] Cells(string line) => line.Trim('|').Split('|').Select(cell => cell.Trim()).ToArray();
        var columns = Cells(lines[0]);
        return lines.Skip(2).Select(line => columns.Zip(Cells(line)).ToDictionary(pair => pair.First, pair => pair.Second)).ToList();
    }

    private static long Count(string cell) => long.Parse(cell, NumberStyles.AllowThousands, CultureInfo.InvariantCulture);

    private static async Task<long> CountStoredMessagesAsync(string database)
    {
        await using var db = new ChatDbContext(new DbContextOptionsBuilder<ChatDbContext>().UseChatDatabase($"Data Source={database}").Options);
        return await db.Messages.LongCountAsync();
    }
}
