using System.Net;
using ChatBot.Tests.Groups;
using ChatBot.Tests.Infrastructure;
using ChatBot.Tests.Refusals;
using Microsoft.AspNetCore.SignalR;

namespace ChatBot.Tests.Messages;

/// <summary>Run on each database: <see cref="OnSqlite"/> and <see cref="OnPostgreSql"/>.</summary>
public abstract class HistoryTests(ChatApp app)
{
    public sealed class OnSqlite(ChatApp app) : HistoryTests(app);

    public sealed class OnPostgreSql(PostgreSqlChatApp app) : HistoryTests(app);

    [Fact]
    public async Task HistoryComesNewestPageFirstThenPagesBack()
    {
        var (alice, _, conversation) = await app.ConversationWithMessagesAsync(120);

        var newest = await alice.GetMessagesAsync(conversation, "?limit=50");
        var older = await alice.GetMessagesAsync(conversation, $"?before={newest[0].Seq}&limit=50");
        var oldest = await alice.GetMessagesAsync(conversation, $"?before={older[0].Seq}&limit=50");

        Assert.Equal(Range(71, 120), newest.Select(m => m.Seq));
        Assert.Equal(Range(21, 70), older.Select(m => m.Seq));
        Assert.Equal(Range(1, 20), oldest.Select(m => m.Seq));
        Assert.Equal("message 1", oldest[0].Body);
    }

    [Fact]
    public async Task WithoutALimitAPageHoldsFifty()
    {
        var (alice, _, conversation) = await app.ConversationWithMessagesAsync(60);

        var page = await alice.GetMessagesAsync(conversation);

        Assert.Equal(Range(11, 60), page.Select(m => m.Seq));
    }

    [Fact]
    public async Task CatchUpReturnsExactlyTheMissedMessagesInOrder()
    {
        var (alice, _, conversation) = await app.ConversationWithMessagesAsync(30);
        var bob = await app.CreateUserAsync("bob");
        Assert.NotNull(bob);
        await using var device = await alice.ConnectAsync();

        var missed = await device.GetMessagesAfterAsync(conversation, afterSeq: 10);
        var firstPage = await device.GetMessagesAfterAsync(conversation, afterSeq: 0, limit: 7);
        var nothingNew = await device.GetMessagesAfterAsync(conversation, afterSeq: 30);
        var overRest = await alice.GetMessagesAsync(conversation, "?after=25");

        Assert.Equal(Range(11, 30), missed.Select(m => m.Seq));
        Assert.Equal(missed.Select(m => $"message {m.Seq}"), missed.Select(m => m.Body));
        Assert.Equal(Range(1, 7), firstPage.Select(m => m.Seq));
        Assert.Empty(nothingNew);
        Assert.Equal(Range(26, 30), overRest.Select(m => m.Seq));
    }

    [Fact]
    public async Task AWindowAroundAMessageHoldsItWithAsManyBeforeAsAfterIt()
    {
        var (alice, _, conversation) = await app.ConversationWithMessagesAsync(120);

        var window = await alice.GetMessagesAsync(conversation, "?around=60&limit=10");
        var odd = await alice.GetMessagesAsync(conversation, "?around=60&limit=5");
        var withoutALimit = await alice.GetMessagesAsync(conversation, "?around=60");
        var one = await alice.GetMessagesAsync(conversation, "?around=60&limit=1");

        Assert.Equal(Range(55, 64), window.Select(m => m.Seq));
        Assert.Equal(Range(58, 62), odd.Select(m => m.Seq));
        Assert.Equal(Range(35, 84), withoutALimit.Select(m => m.Seq));
        Assert.Equal([60L], one.Select(m => m.Seq));
        Assert.Equal("message 60", one[0].Body);
    }

    [Fact]
    public async Task AWindowNearAnEndOfTheHistoryTakesMoreFromTheOtherSide()
    {
        var (alice, _, conversation) = await app.ConversationWithMessagesAsync(30);

        var atTheStart = await alice.GetMessagesAsync(conversation, "?around=2&limit=10");
        var atTheEnd = await alice.GetMessagesAsync(conversation, "?around=29&limit=10");
        var pastTheEnd = await alice.GetMessagesAsync(conversation, "?around=1000&limit=10");
        var all = await alice.GetMessagesAsync(conversation, "?around=15&limit=500");

        Assert.Equal(Range(1, 10), atTheStart.Select(m => m.Seq));
        Assert.Equal(Range(21, 30), atTheEnd.Select(m => m.Seq));
        Assert.Equal(Range(21, 30), pastTheEnd.Select(m => m.Seq));
        Assert.Equal(Range(1, 30), all.Select(m => m.Seq));
    }

    [Fact]
    public async Task AWindowShowsAMemberTheGroupFromWhenTheyJoinedAndNothingOnceTheyAreRemoved()
    {
        var ann = await app.CreateUserAsync("ann");
        var ben = await app.CreateUserAsync("ben");
        var cat = await app.CreateUserAsync("cat");
        var group = (await ann.CreateGroupAsync("History", ben, cat)).Id;
        await using var annsDevice = await ann.ConnectAsync();
        for (var i = 1; i <= 5; i++)
        {
            await annsDevice.SendAsync(group, $"before Dan {i}");
        }

        var dan = await app.CreateUserAsync("dan");
        var added = Assert.Single(await ann.AddMembersAsync(group, dan));
        var welcome = await annsDevice.SendAsync(group, "welcome Dan");

        // Around a message from before he joined, or the one he was added by, Dan sees from his joining on.
        Assert.Equal([added.Seq, welcome.Seq], (await dan.GetMessagesAsync(group, "?around=2&limit=10")).Select(m => m.Seq));
        Assert.Equal([added.Seq, welcome.Seq], (await dan.GetMessagesAsync(group, $"?around={added.Seq}&limit=10")).Select(m => m.Seq));
        Assert.Equal(Range(welcome.Seq - 3, welcome.Seq), (await ben.GetMessagesAsync(group, $"?around={added.Seq}&limit=4")).Select(m => m.Seq));

        await ann.RemoveMemberAsync(group, dan);
        using var client = dan.CreateClient();
        using var response = await client.GetAsync($"/api/conversations/{group}/messages?around={welcome.Seq}", TestContext.Current.CancellationToken);
        var refusal = await RestRefusal.ReadAsync(response);
        Assert.Equal((HttpStatusCode.NotFound, "not_found"), (refusal.Status, refusal.Code));
    }

    /// <param name="fields">The parameters the refusal names; none when the query cannot even be read as a number.</param>
    [Theory]
    [InlineData("?limit=0", "limit")]
    [InlineData("?limit=501", "limit")]
    [InlineData("?before=0", "before")]
    [InlineData("?after=-1", "after")]
    [InlineData("?around=0", "around")]
    [InlineData("?before=5&after=2", "before", "after")]
    [InlineData("?after=5&around=2", "after", "around")]
    [InlineData("?before=5&after=2&around=3", "before", "after", "around")]
    [InlineData("?limit=lots")]
    [InlineData("?around=here")]
    public async Task BadPageRequestsAreRefusedWithAClearError(string query, params string[] fields)
    {
        var (alice, _, conversation) = await app.ConversationWithMessagesAsync(1);
        using var client = alice.CreateClient();

        using var response = await client.GetAsync($"/api/conversations/{conversation}/messages{query}", TestContext.Current.CancellationToken);

        var refusal = await RestRefusal.ReadAsync(response);
        Assert.Equal((HttpStatusCode.BadRequest, "invalid_argument"), (refusal.Status, refusal.Code));
        Assert.Equal(fields.Order(), refusal.Fields.Order());
        Assert.DoesNotContain("   at ", refusal.Body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(-1L, 10, "after must be a sequence number, 0 or more.")]
    [InlineData(0L, 0, "limit must be between 1 and 500.")]
    [InlineData(0L, 501, "limit must be between 1 and 500.")]
    public async Task BadCatchUpRequestsAreRefusedWithAClearError(long afterSeq, int limit, string error)
    {
        var (alice, _, conversation) = await app.ConversationWithMessagesAsync(1);
        await using var device = await alice.ConnectAsync();

        var refused = await Assert.ThrowsAsync<HubException>(() => device.GetMessagesAfterAsync(conversation, afterSeq, limit));

        Assert.Equal(("invalid_argument", error), (HubRefusal.Of(refused).Code, HubRefusal.Of(refused).Message));
    }

    private static IEnumerable<long> Range(long first, long last) =>
        Enumerable.Range((int)first, (int)(last - first + 1)).Select(i => (long)i);
}
