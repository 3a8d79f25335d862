using ChatBot.ApiService.Hubs;
using ChatBot.ApiService.Security;
using ChatBot.Tests.Infrastructure;
using ChatBot.Tests.Refusals;
using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ChatBot.Tests.Security;

/// <summary>
/// An API with the default quotas (<see cref="RateLimitOptions"/>: a burst at once, then so many a second), on the
/// shared database, with a clock the test moves.
/// </summary>
public sealed class DefaultQuotaApi(ChatApp app) : IAsyncLifetime
{
    public MovableClock Clock { get; } = new(frozen: true);

    public LoopbackServer<ChatHub> Api { get; private set; } = null!;

    public ValueTask InitializeAsync()
    {
        Api = new LoopbackServer<ChatHub>(
            new Dictionary<string, string?> { ["ConnectionStrings:chatdb"] = app.ConnectionString },
            services => services.AddSingleton<TimeProvider>(Clock));
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync() => Api.DisposeAsync();
}

public sealed class SendQuotaTests(ChatApp app, DefaultQuotaApi quota) : IClassFixture<DefaultQuotaApi>
{
    private static readonly int Burst = new RateLimitOptions().SendBurst;

    [Fact]
    public async Task SendingPastTheQuotaIsRefusedClearlyAndNothingBeyondItIsStored()
    {
        var alice = await app.CreateUserAsync("alice");
        var bob = await app.CreateUserAsync("bob");
        var conversation = (await alice.OpenConversationWithAsync(bob)).Id;
        await using var phone = await alice.ConnectAsync(quota.Api.Address);
        await using var laptop = await alice.ConnectAsync(quota.Api.Address);

        for (var i = 0; i < Burst; i++)
        {
            await (i % 2 == 0 ? phone : laptop).SendAsync(conversation, $"burst {i}");
        }

        var refused = await Assert.ThrowsAsync<HubException>(() => laptop.SendAsync(conversation, "one too many"));
        quota.Clock.Advance(TimeSpan.FromSeconds(1));
        var afterAWait = await phone.SendAsync(conversation, "after a second");

        var refusal = HubRefusal.Of(refused);
        Assert.Equal(("rate_limited", 1), (refusal.Code, refusal.Number("retryAfterSeconds")));
        Assert.Equal("You are sending too fast; wait 1 s and try again.", refusal.Message);
        Assert.Equal(Burst + 1, afterAWait.Seq);
        await using var db = app.CreateDbContext();
        Assert.Equal(Burst + 1, await db.Messages.CountAsync(m => m.ConversationId == conversation, TestContext.Current.CancellationToken));
        Assert.DoesNotContain("one too many", await db.Messages.Where(m => m.ConversationId == conversation).Select(m => m.Body).ToListAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task TheQuotaIsPerPerson()
    {
        var alice = await app.CreateUserAsync("alice");
        var bob = await app.CreateUserAsync("bob");
        var conversation = (await alice.OpenConversationWithAsync(bob)).Id;
        await using var aliceDevice = await alice.ConnectAsync(quota.Api.Address);
        await using var bobDevice = await bob.ConnectAsync(quota.Api.Address);

        for (var i = 0; i < Burst; i++)
        {
            await aliceDevice.SendAsync(conversation, $"alice {i}");
        }

        var refused = await Assert.ThrowsAsync<HubException>(() => aliceDevice.SendAsync(conversation, "alice again"));
        var bobs = await bobDevice.SendAsync(conversation, "bob is not held back");

        Assert.Equal("rate_limited", HubRefusal.Of(refused).Code);
        Assert.Equal(Burst + 1, bobs.Seq);
    }
}
