using ChatBot.Tests.Infrastructure;

namespace ChatBot.Tests.Files;

/// <summary>
/// The whole app with the files' bytes in a folder (<c>Files:Folder</c>) rather than in the database: a database
/// of its own on the tests' PostgreSQL server, where uploads and the sweep race the hardest.
/// </summary>
public sealed class FilesInAFolderApp : ChatApp
{
    private readonly PostgreSqlChatApp _postgres;
    private readonly TempDirectory _folder;

    public FilesInAFolderApp(PostgreSqlChatApp postgres)
        : this(postgres, new TempDirectory())
    {
    }

    private FilesInAFolderApp(PostgreSqlChatApp postgres, TempDirectory folder)
        : base(services: null, new Dictionary<string, string?> { ["Files:Folder"] = folder.Path })
    {
        _postgres = postgres;
        _folder = folder;
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        _folder.Dispose();
    }

    protected override Task<string> CreateDatabaseAsync() =>
        Task.FromResult(_postgres.Server.ConnectionString($"files_{Guid.NewGuid():N}"));
}
