using ChatBot.ApiService.Hubs;
using ChatBot.Data;
using ChatBot.Web.Pages;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

[assembly: AssemblyFixture(typeof(ChatBot.Tests.Infrastructure.ChatApp))]

namespace ChatBot.Tests.Infrastructure;

/// <summary>
/// The whole app for the tests: a fresh SQLite database migrated by the real worker, the API and the
/// web front end on loopback Kestrel, wired by the configuration contract. Shared by all tests, which
/// stay apart by each creating their own people. <see cref="PostgreSqlChatApp"/> is the same on PostgreSQL.
/// </summary>
public class ChatApp : IAsyncLifetime
{
    public const string Password = Accounts.Password;

    private readonly TempDirectory _data = new();
    private readonly Action<IServiceCollection>? _services;
    private readonly IReadOnlyDictionary<string, string?> _settings;
    private LoopbackServer<ChatHub>? _api;
    private LoopbackServer<IndexModel>? _web;

    public ChatApp()
        : this(services: null)
    {
    }

    /// <param name="services">Test-only service changes for both servers, such as a clock the test moves.</param>
    /// <param name="settings">Configuration for both servers, over the tests' defaults.</param>
    internal ChatApp(Action<IServiceCollection>? services, IReadOnlyDictionary<string, string?>? settings = null)
    {
        _services = services;
        _settings = settings ?? new Dictionary<string, string?>();
    }

    public string ConnectionString { get; private set; } = "";

    public DatabaseProvider Provider => DatabaseProviders.Of(ConnectionString);

    public Uri ApiAddress => _api!.Address;

    public Uri WebAddress => _web!.Address;

    public LoopbackServer<ChatHub> Api => _api!;

    public async ValueTask InitializeAsync()
    {
        ConnectionString = await CreateDatabaseAsync();
        await MigrationWorkerProcess.MigrateAsync(ConnectionString);
        Dictionary<string, string?> api = new()
        {
            ["ConnectionStrings:chatdb"] = ConnectionString,
            // Tests fill conversations fast, sign many people in, try many groups' rules and search after every
            // change; the limits have tests of their own, which set them through the settings.
            ["RateLimits:SendPermitsPerSecond"] = "10000",
            ["RateLimits:SendBurst"] = "10000",
            ["RateLimits:SignInsPerClientPerMinute"] = "100000",
            ["RateLimits:SignInsPerMinute"] = "100000",
            ["RateLimits:RestRoutes:CreateGroup:PermitsPerSecond"] = "1000",
            ["RateLimits:RestRoutes:CreateGroup:Burst"] = "1000",
            ["RateLimits:RestRoutes:SearchMessages:PermitsPerSecond"] = "1000",
            ["RateLimits:RestRoutes:SearchMessages:Burst"] = "1000",
            ["RateLimits:RestRoutes:UploadFile:PermitsPerSecond"] = "1000",
            ["RateLimits:RestRoutes:UploadFile:Burst"] = "1000",
        };
        foreach (var (key, value) in _settings)
        {
            api[key] = value;
        }

        _api = new LoopbackServer<ChatHub>(api, _services);
        _web = new LoopbackServer<IndexModel>(
            new Dictionary<string, string?>(_settings) { ["services:apiservice:http:0"] = ApiAddress.ToString() }, _services);
    }

    public virtual async ValueTask DisposeAsync()
    {
        if (_web is not null)
        {
            await _web.DisposeAsync();
        }

        if (_api is not null)
        {
            await _api.DisposeAsync();
        }

        _data.Dispose();
    }

    public ChatDbContext CreateDbContext() =>
        new(new DbContextOptionsBuilder<ChatDbContext>().UseChatDatabase(ConnectionString).Options);

    public HttpClient CreateAnonymousClient() => new() { BaseAddress = ApiAddress };

    /// <summary>A new person with a unique user name that starts with <paramref name="prefix"/>, signed in.</summary>
    public Task<TestUser> CreateUserAsync(string prefix = "user", string? displayName = null) =>
        Accounts.CreateAsync(ApiAddress, prefix, displayName);

    /// <summary>Alice and Bob, and their conversation with <paramref name="count"/> messages from Alice: "message 1", …</summary>
    public async Task<(TestUser Alice, TestUser Bob, Guid Conversation)> ConversationWithMessagesAsync(int count)
    {
        var alice = await CreateUserAsync("alice");
        var bob = await CreateUserAsync("bob");
        var conversation = (await alice.OpenConversationWithAsync(bob)).Id;
        await using var device = await alice.ConnectAsync();
        for (var i = 1; i <= count; i++)
        {
            await device.SendAsync(conversation, $"message {i}");
        }

        return (alice, bob, conversation);
    }

    /// <summary>The same, with every message read by Bob on another device: his pages open the conversation at its newest.</summary>
    public async Task<(TestUser Alice, TestUser Bob, Guid Conversation)> ReadConversationWithMessagesAsync(int count)
    {
        var (alice, bob, conversation) = await ConversationWithMessagesAsync(count);
        await using var device = await bob.ConnectAsync();
        await device.Hub.InvokeAsync(nameof(ChatHub.MarkRead), conversation, (long)count);
        return (alice, bob, conversation);
    }

    public Task<string> LoginAsync(string userName, string password) => Accounts.LoginAsync(ApiAddress, userName, password);

    public static string UniqueUserName(string prefix) => Accounts.UniqueUserName(prefix);

    /// <returns>The connection string of an empty database, which the migration worker then migrates.</returns>
    protected virtual Task<string> CreateDatabaseAsync() => Task.FromResult($"Data Source={_data.File("chat.db")}");
}
