using ChatBot.Data;
using ChatBot.Tests.Groups;
using ChatBot.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace ChatBot.Tests.Faults;

/// <summary>
/// A group of new people on a migrated database (SQLite or PostgreSQL), served by two API processes joined by a
/// Redis of their own; the first replica can be killed (kill -9) and started again on its port. Disposing stops
/// every process and removes the data.
/// </summary>
public sealed class GroupOnTwoReplicas : IAsyncDisposable
{
    /// <summary>How long the killed replica stays down before it starts again.</summary>
    private static readonly TimeSpan Downtime = TimeSpan.FromSeconds(0.5);

    private readonly TempDirectory _data;
    private readonly PostgresServer? _postgres;
    private readonly RedisServer _redis;
    private readonly IReadOnlyDictionary<string, string> _settings;
    private readonly int[] _ports = [Ports.Free(), Ports.Free()];

    private GroupOnTwoReplicas(TempDirectory data, PostgresServer? postgres, RedisServer redis, string database, IReadOnlyDictionary<string, string> settings)
    {
        (_data, _postgres, _redis, Database, _settings) = (data, postgres, redis, database, settings);
    }

    public string Database { get; }

    public ApiProcess[] Replicas { get; } = new ApiProcess[2];

    public IReadOnlyList<TestUser> People { get; private set; } = [];

    public Guid Group { get; private set; }

    /// <param name="settings">The replicas' environment beyond the database and Redis: the quotas out of the writing's way.</param>
    public static async Task<GroupOnTwoReplicas> StartAsync(
        DatabaseProvider provider, int people, string namePrefix, string groupName, IReadOnlyDictionary<string, string> settings)
    {
        var data = new TempDirectory();
        var postgres = provider == DatabaseProvider.PostgreSql ? await PostgresServer.StartMigratedAsync() : null;
        var database = postgres?.ConnectionString(PostgresServer.MigratedDatabase) ?? $"Data Source={data.File("chat.db")}";
        var started = new GroupOnTwoReplicas(data, postgres, await RedisServer.StartAsync(), database, settings);
        try
        {
            if (postgres is null)
            {
                await MigrationWorkerProcess.MigrateAsync(database);
            }

            (await Task.WhenAll(started._ports.Select((_, i) => started.StartReplicaAsync(i)))).CopyTo(started.Replicas, 0);

            var members = new List<TestUser>();
            for (var i = 0; i < people; i++)
            {
                members.Add(await Accounts.CreateAsync(started.Replicas[0].Address, $"{namePrefix}{i}"));
            }

            started.People = members;
            started.Group = (await members[0].CreateGroupAsync(groupName, [.. members.Skip(1)])).Id;
            return started;
        }
        catch
        {
            await started.DisposeAsync();
            throw;
        }
    }

    /// <summary>Kills the first replica, leaves it down for <see cref="Downtime"/>, and starts it again on its port.</summary>
    public async Task KillAndRestartFirstAsync()
    {
        await Replicas[0].KillAsync();
        await Replicas[0].DisposeAsync();
        await Task.Delay(Downtime, TestContext.Current.CancellationToken);
        Replicas[0] = await StartReplicaAsync(0);
    }

    public ChatDbContext OpenDatabase() => new(new DbContextOptionsBuilder<ChatDbContext>().UseChatDatabase(Database).Options);

    public async ValueTask DisposeAsync()
    {
        foreach (var replica in Replicas.OfType<ApiProcess>())
        {
            await replica.DisposeAsync();
        }

        await _redis.DisposeAsync();
        if (_postgres is not null)
        {
            await _postgres.DisposeAsync();
        }

        _data.Dispose();
    }

    private Task<ApiProcess> StartReplicaAsync(int index) =>
        ApiProcess.StartAsync(Database, _redis.ConnectionString, _settings, port: _ports[index]);
}
