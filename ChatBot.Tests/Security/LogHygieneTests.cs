using ChatBot.Data;
using ChatBot.Tests.Infrastructure;
using ChatBot.Tests.Refusals;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace ChatBot.Tests.Security;

/// <summary>An app of its own that logs everything, at every level, into memory.</summary>
public sealed class VerboseApp : IAsyncLifetime
{
    public CapturedLogs Logs { get; } = new();

    public ChatApp App { get; }

    public VerboseApp() => App = new ChatApp(
        services =>
        {
            // Into memory only: at trace level, the console would drown the test run's output.
            services.RemoveAll<ILoggerProvider>();
            services.AddSingleton<ILoggerProvider>(Logs);
        },
        new Dictionary<string, string?>
        {
            ["Logging:LogLevel:Default"] = "Trace",
            ["Logging:LogLevel:Microsoft.AspNetCore"] = "Trace",
            ["Logging:LogLevel:Microsoft.EntityFrameworkCore"] = "Trace",
            ["Logging:LogLevel:Yarp"] = "Trace",
        });

    public ValueTask InitializeAsync() => App.InitializeAsync();

    public ValueTask DisposeAsync() => App.DisposeAsync();
}

public sealed class LogHygieneTests(VerboseApp verbose) : IClassFixture<VerboseApp>
{
    /// <summary>Every Data Protection payload (bearer and refresh tokens, session and antiforgery cookies) starts so.</summary>
    private const string ProtectedPayload = "CfDJ8";

    [Fact]
    public async Task NeitherTokensNorMessageTextsAppearInTheLogsEvenAtTraceLevel()
    {
        var app = verbose.App;
        var alice = await app.CreateUserAsync("alice");
        var bob = await app.CreateUserAsync("bob");
        var conversation = (await alice.OpenConversationWithAsync(bob)).Id;
        var secret = $"secret-{Guid.NewGuid():N}";

        await using (var device = await alice.ConnectAsync())
        {
            await device.SendAsync(conversation, $"{secret} sent to the API");
            await device.GetMessagesAfterAsync(conversation, 0);
            var tooLong = await Assert.ThrowsAsync<HubException>(() => device.SendAsync(conversation, $"{secret} {new string('x', Message.MaxBodyLength)}"));
            Assert.Equal("invalid_message", HubRefusal.Of(tooLong).Code);
        }

        using var session = new WebSession(app.WebAddress);
        await session.LogInAsync(bob.UserName, bob.Password);
        await using (var browser = await ChatConnection.ConnectAsync(session.Site, accessToken: null, options =>
        {
            options.Cookies = session.Cookies;
            options.Headers["Origin"] = session.Origin;
        }))
        {
            await browser.SendAsync(conversation, $"{secret} sent through the front end");
            await browser.Hub.InvokeAsync("MarkRead", conversation, 2L, TestContext.Current.CancellationToken);
        }

        await bob.GetMessagesAsync(conversation);
        await session.Client.GetStringAsync($"/api/conversations/{conversation}/messages", TestContext.Current.CancellationToken);

        var logs = verbose.Logs.Entries.ToList();
        Assert.True(logs.Count > 100, $"only {logs.Count} log entries were captured");

        Assert.DoesNotContain(logs, entry => entry.Contains(secret, StringComparison.Ordinal));
        Assert.DoesNotContain(logs, entry => entry.Contains(alice.AccessToken, StringComparison.Ordinal) || entry.Contains(bob.AccessToken, StringComparison.Ordinal));
        Assert.DoesNotContain(logs, entry => entry.Contains(ProtectedPayload, StringComparison.Ordinal));
        Assert.DoesNotContain(logs, entry => entry.Contains(alice.Password, StringComparison.Ordinal));
    }
}
