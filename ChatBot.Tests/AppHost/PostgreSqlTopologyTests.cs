using ChatBot.Data;
using ChatBot.Tests.Browser;
using Microsoft.EntityFrameworkCore;
using HealthStatus = Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus;

namespace ChatBot.Tests.AppHost;

/// <summary>
/// The chat on PostgreSQL, as the AppHost runs it for more than one machine's worth of people.
/// </summary>
public sealed class PostgreSqlTopologyTests(PostgreSqlAppHost host, Chromium chromium) : IClassFixture<PostgreSqlAppHost>
{
    private RunningAppHost App => host.Run;

    [Fact]
    public async Task PostgreSqlRedisAndBothReplicasRunAndAreHealthy()
    {
        var resources = await Task.WhenAll(
            new[] { "postgres", "apiservice-1", "apiservice-2" }.Select(r => App.WaitForAsync(r, s => s.HealthStatus is not null)));
        var cache = await App.WaitForAsync("cache", s => s.State?.Text == "Running");
        var migrations = await App.WaitForAsync("migrations", s => s.ExitCode is not null);

        Assert.All(resources, r => Assert.Equal(HealthStatus.Healthy, r.HealthStatus));
        Assert.Equal(("Executable", "Executable"), (resources[0].ResourceType, cache.ResourceType));
        Assert.Equal(0, migrations.ExitCode);
        Assert.True(Directory.Exists(Path.Combine(App.DataFolder, "postgres", "cluster")));
    }

    [Fact]
    public async Task TwoPeopleChatInBrowsersAndTheirMessagesAreStoredInPostgreSql()
    {
        await using var people = await TwoPeopleInBrowsers.RegisterAsync(chromium, App.WebAddress);

        await people.TalkAndFindTheHistoryAfterAReloadAsync("Stored in PostgreSQL?", "Stored in PostgreSQL.");

        await using var db = new ChatDbContext(new DbContextOptionsBuilder<ChatDbContext>()
            .UseChatDatabase(await App.ConnectionStringOfAsync("chatdb")).Options);
        Assert.True(db.Database.IsNpgsql());
        Assert.Equal(
            ["Stored in PostgreSQL?", "Stored in PostgreSQL."],
            await db.Messages.Where(m => m.Body.StartsWith("Stored in PostgreSQL")).OrderBy(m => m.Seq).Select(m => m.Body)
                .ToListAsync(TestContext.Current.CancellationToken));
    }
}
