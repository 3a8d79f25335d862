using ChatBot.ApiService.Hubs;
using ChatBot.ApiService.Security;
using ChatBot.Tests.Infrastructure;
using ChatBot.Tests.Refusals;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace ChatBot.Tests.Security;

/// <summary>No person can hog the server: every hub method has a quota, and connections per person are counted.</summary>
public sealed class HubQuotaTests(ChatApp app, DefaultQuotaApi quota) : IClassFixture<DefaultQuotaApi>
{
    [Fact]
    public void EveryHubMethodHasAQuota()
    {
        var methods = typeof(ChatHub).GetMethods(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.DeclaredOnly)
            .Where(m => m.GetBaseDefinition().DeclaringType == typeof(ChatHub))
            .Select(m => m.Name);

        Assert.Equal(methods.Order(), new RateLimitOptions().HubMethods.Keys.Append(nameof(ChatHub.SendMessage)).Order());
    }

    [Fact]
    public async Task TypingIsLimitedToAFewNoticesASecond()
    {
        var (alice, _, conversation) = await app.ConversationWithMessagesAsync(0);
        await using var device = await alice.ConnectAsync(quota.Api.Address);

        for (var notice = 0; notice < new RateLimitOptions().HubMethods[nameof(ChatHub.Typing)].Burst; notice++)
        {
            await device.Hub.InvokeAsync(nameof(ChatHub.Typing), conversation, TestContext.Current.CancellationToken);
        }

        var refused = await Assert.ThrowsAsync<HubException>(() => device.Hub.InvokeAsync(nameof(ChatHub.Typing), conversation, TestContext.Current.CancellationToken));
        quota.Clock.Advance(TimeSpan.FromSeconds(1));
        await device.Hub.InvokeAsync(nameof(ChatHub.Typing), conversation, TestContext.Current.CancellationToken);

        var refusal = HubRefusal.Of(refused);
        Assert.Equal(("rate_limited", "Too many Typing calls; wait 1 s and try again.", 1), (refusal.Code, refusal.Message, refusal.Number("retryAfterSeconds")));
    }

    [Fact]
    public async Task CatchUpPagesAndPresenceWatchingAreLimitedPerPerson()
    {
        var (alice, bob, conversation) = await app.ConversationWithMessagesAsync(0);
        await using var phone = await alice.ConnectAsync(quota.Api.Address);
        await using var laptop = await alice.ConnectAsync(quota.Api.Address);

        var quotas = new RateLimitOptions().HubMethods;
        for (var page = 0; page < quotas[nameof(ChatHub.GetMessagesAfter)].Burst; page++)
        {
            await (page % 2 == 0 ? phone : laptop).GetMessagesAfterAsync(conversation, 0, 10);
        }

        var catchUp = await Assert.ThrowsAsync<HubException>(() => laptop.GetMessagesAfterAsync(conversation, 0, 10));
        // Each connect watched once already (ChatConnection does, as the page does): the burst in all.
        for (var watch = 2; watch < quotas[nameof(ChatHub.WatchPresence)].Burst; watch++)
        {
            await phone.Hub.InvokeAsync<List<ApiService.Presence.PresenceNotice>>(nameof(ChatHub.WatchPresence), new[] { bob.Id }, TestContext.Current.CancellationToken);
        }

        var watching = await Assert.ThrowsAsync<HubException>(() =>
            phone.Hub.InvokeAsync<List<ApiService.Presence.PresenceNotice>>(nameof(ChatHub.WatchPresence), new[] { bob.Id }, TestContext.Current.CancellationToken));

        Assert.Equal("rate_limited", HubRefusal.Of(catchUp).Code);
        Assert.Equal("rate_limited", HubRefusal.Of(watching).Code);
    }

    [Fact]
    public async Task ThePersonsTwentyFirstConnectionIsRefusedWithAClearReasonUntilOneCloses()
    {
        var user = await app.CreateUserAsync("tabs");
        var open = new List<ChatConnection>();
        for (var tab = 0; tab < 20; tab++)
        {
            open.Add(await user.ConnectAsync());
        }

        var refusal = await RefusalOfConnectingAsync(app.ApiAddress, user.AccessToken);
        await open[0].DisposeAsync();
        // The place is free once the server has seen the close, a moment after the client is done.
        var counter = app.Api.Services.GetRequiredService<IConnectionCounter>();
        await Poll.UntilAsync(async () =>
        {
            var room = await counter.TryAddAsync(user.Id, "probe", 20);
            await counter.RemoveAsync(user.Id, "probe");
            return room;
        }, TimeSpan.FromSeconds(15), "the server to count the closed connection out");
        await using var afterClosingOne = await user.ConnectAsync();
        await using var someoneElse = await (await app.CreateUserAsync("other")).ConnectAsync();

        Assert.Contains("{\"code\":\"too_many_connections\"", refusal, StringComparison.Ordinal);
        Assert.Contains("\"maxConnections\":20", refusal, StringComparison.Ordinal);
        Assert.Equal(HubConnectionState.Connected, afterClosingOne.Hub.State);
        foreach (var connection in open.Skip(1))
        {
            await connection.DisposeAsync();
        }
    }

    /// <summary>Connects as the person; the server answers the handshake, then closes the connection: with what error.</summary>
    internal static async Task<string> RefusalOfConnectingAsync(Uri server, string accessToken)
    {
        await using var hub = new HubConnectionBuilder()
            .WithUrl(new Uri(server, "/hubs/chat"), options =>
            {
                options.Transports = HttpTransportType.WebSockets;
                options.SkipNegotiation = true;
                options.AccessTokenProvider = () => Task.FromResult<string?>(accessToken);
            })
            .Build();
        var closed = new TaskCompletionSource<Exception?>(TaskCreationOptions.RunContinuationsAsynchronously);
        hub.Closed += error =>
        {
            closed.TrySetResult(error);
            return Task.CompletedTask;
        };

        await hub.StartAsync();
        var error = await closed.Task.WaitAsync(TimeSpan.FromSeconds(15));
        return error?.Message ?? "(closed without an error)";
    }
}
