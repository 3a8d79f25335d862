[assembly: AssemblyFixture(typeof(ChatBot.Tests.Infrastructure.PostgreSqlChatApp))]

namespace ChatBot.Tests.Infrastructure;

/// <summary>The whole app for the tests, as <see cref="ChatApp"/>, with its database on a real PostgreSQL server.</summary>
public sealed class PostgreSqlChatApp : ChatApp
{
    private PostgresServer? _server;

    /// <summary>The app's server, where a test may make databases of its own.</summary>
    public PostgresServer Server => _server!;

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    protected override async Task<string> CreateDatabaseAsync()
    {
        _server = await PostgresServer.StartAsync();
        return _server.ConnectionString("chat");
    }
}
