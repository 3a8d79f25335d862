using ChatBot.Data;
using ChatBot.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace ChatBot.Tests.Faults;

/// <summary>The API killed with kill -9, again and again, while people write: nothing acknowledged is lost.</summary>
[LongRunning]
public sealed class ApiCrashTests : IDisposable
{
    private readonly TempDirectory _data = new();

    [Fact]
    public async Task EveryAcknowledgedMessageIsStoredOnceAndShownInOrderThoughTheApiIsKilledThreeTimes()
    {
        var database = $"Data Source={_data.File("chat.db")}";
        await MigrationWorkerProcess.MigrateAsync(database);
        var port = Ports.Free();
        var api = await ApiProcess.StartAsync(database, settings: ApiProcess.NoSendQuota, port: port);
        try
        {
            await using var chatter = await ChatterScenario.StartAsync(pairs: 3, api.Address, _ => api.Address);
            for (var kill = 1; kill <= 3; kill++)
            {
                await chatter.KeepWritingAsync();
                await api.KillAsync();
                await api.DisposeAsync();
                api = await ApiProcess.StartAsync(database, settings: ApiProcess.NoSendQuota, port: port);
            }

            await chatter.KeepWritingAsync();
            var figures = await chatter.SettleAsync(() => Open(database), TimeSpan.FromSeconds(60));

            TestContext.Current.TestOutputHelper!.WriteLine($"API killed 3 times: {figures}");
            chatter.AssertContractKept(figures);
        }
        finally
        {
            await api.DisposeAsync();
        }
    }

    public void Dispose() => _data.Dispose();

    private static ChatDbContext Open(string connectionString) =>
        new(new DbContextOptionsBuilder<ChatDbContext>().UseSqlite(connectionString).Options);
}
