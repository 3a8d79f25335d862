using System.Net;
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

    /// <param name="field">The parameter the refusal names; none when the query cannot even be read as a number.</param>
    [Theory]
    [InlineData("?limit=0", "limit")]
    [InlineData("?limit=501", "limit")]
    [InlineData("?before=0", "before")]
    [InlineData("?after=-1", "after")]
    [InlineData("?before=5&after=2", "before")]
    [InlineData("?limit=lots", null)]
    public async Task BadPageRequestsAreRefusedWithAClearError(string query, string? field)
    {
        var (alice, _, conversation) = await app.ConversationWithMessagesAsync(1);
        using var client = alice.CreateClient();

        using var response = await client.GetAsync($"/api/conversations/{conversation}/messages{query}", TestContext.Current.CancellationToken);

        var refusal = await RestRefusal.ReadAsync(response);
        Assert.Equal((HttpStatusCode.BadRequest, "invalid_argument"), (refusal.Status, refusal.Code));
        Assert.Equal(field is null ? Array.Empty<string>() : [field], refusal.Fields);
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
