using System.Net;
using System.Text.Json;
using ChatBot.Data;
using ChatBot.Tests.Groups;
using ChatBot.Tests.Infrastructure;
using ChatBot.Tests.Messages;
using Microsoft.EntityFrameworkCore;

namespace ChatBot.Tests.Search;

/// <summary>
/// Searching one's messages finds exactly what history shows, by its current text, the moment a change is
/// acknowledged. Run on each database: <see cref="OnSqlite"/> and <see cref="OnPostgreSql"/>.
/// </summary>
public abstract class SearchTests(ChatApp app)
{
    public sealed class OnSqlite(ChatApp sqlite) : SearchTests(sqlite)
    {
        /// <summary>
        /// Sending keeps SQLite's index at most <see cref="MessageSearchIndex.SqliteCatchUpEvery"/> messages behind,
        /// with nobody searching; a search takes in the rest first.
        /// </summary>
        [Fact]
        public async Task NewMessagesEnterTheIndexInBatchesWhileTheyAreSent()
        {
            var (alice, bob, conversation) = await App.ConversationWithMessagesAsync(0);
            await using var device = await alice.ConnectAsync();
            var before = await IndexProgressAsync();

            for (var i = 0; i < MessageSearchIndex.SqliteCatchUpEvery; i++)
            {
                await device.SendAsync(conversation, $"pebble{i}");
                var (lastId, indexedThrough) = await IndexProgressAsync();
                Assert.InRange(lastId - indexedThrough, 0, MessageSearchIndex.SqliteCatchUpEvery - 1);
            }

            var sent = await IndexProgressAsync();
            Assert.True(sent.IndexedThrough > before.LastId, "the sender's batches brought the index up to some of the new messages");
            Assert.Equal([(conversation, (long)MessageSearchIndex.SqliteCatchUpEvery)], await bob.FoundAsync($"pebble{MessageSearchIndex.SqliteCatchUpEvery - 1} "));
            // The search took in every message sent before it: these, and whatever other tests sharing the app sent since.
            Assert.InRange((await IndexProgressAsync()).IndexedThrough, sent.LastId, long.MaxValue);
        }

        /// <summary>The last message's id, and the id up to which the index has taken messages in.</summary>
        private async Task<(long LastId, long IndexedThrough)> IndexProgressAsync()
        {
            await using var db = App.CreateDbContext();
            var progress = await db.Database.SqlQueryRaw<long>(
                    $"""SELECT "IndexedThrough" AS "Value" FROM "{MessageSearchIndex.SqliteProgressTable}" """)
                .SingleAsync(TestContext.Current.CancellationToken);
            return (await db.Messages.MaxAsync(m => m.Id, TestContext.Current.CancellationToken), progress);
        }
    }

    public sealed class OnPostgreSql(PostgreSqlChatApp app) : SearchTests(app);

    private protected ChatApp App => app;

    [Fact]
    public async Task ASearchFindsMessagesWithEveryWordNewestFirstSayingWhereAndFromWhom()
    {
        var alice = await app.CreateUserAsync("alice", "Alice Liddell");
        var bob = await app.CreateUserAsync("bob", "Bob Builder");
        var conversation = (await alice.OpenConversationWithAsync(bob)).Id;
        await using var alices = await alice.ConnectAsync();
        await using var bobs = await bob.ConnectAsync();
        await alices.SendAsync(conversation, "The quarterly budget is ready");
        await bobs.SendAsync(conversation, "Lunch?");
        await bobs.SendAsync(conversation, "Budget meeting at noon, bring the budget");
        await alices.SendAsync(conversation, "Meeting moved");

        var found = await bob.SearchAsync("budget ");
        var both = await bob.SearchAsync("meeting budget ");

        Assert.Equal((1, false), (found.Page, found.HasMore));
        Assert.Equal([3L, 1L], found.Results.Select(r => r.Seq));
        var newest = found.Results[0];
        Assert.Equal(
            (conversation, "Alice Liddell", false, bob.Id, "Bob Builder", "Budget meeting at noon, bring the budget", (DateTimeOffset?)null),
            (newest.ConversationId, newest.ConversationName, newest.IsGroup, newest.SenderId, newest.SenderName, newest.Snippet, newest.EditedAt));
        Assert.Equal(["Budget", "budget"], newest.Highlighted());
        Assert.Equal(["budget"], found.Results[1].Highlighted());
        Assert.True(found.Results[0].SentAt >= found.Results[1].SentAt);
        Assert.Equal([3L], both.Results.Select(r => r.Seq));
        Assert.Equal("Bob Builder", (await alice.SearchAsync("budget ")).Results[0].ConversationName);
    }

    [Fact]
    public async Task TheAnswerHasTheShapeClientsRead()
    {
        var (alice, _, _) = await ConversationAsync("shape of things");

        using var response = await alice.CallAsync(HttpMethod.Get, SearchCalls.PathOf("shape"));
        var json = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        TestContext.Current.TestOutputHelper!.WriteLine(json);

        var answer = JsonDocument.Parse(json).RootElement;
        Assert.Equal(["results", "page", "hasMore"], answer.EnumerateObject().Select(p => p.Name));
        var result = answer.GetProperty("results")[0];
        Assert.Equal(
            ["conversationId", "conversationName", "isGroup", "seq", "senderId", "senderName", "sentAt", "editedAt", "snippet", "highlights"],
            result.EnumerateObject().Select(p => p.Name));
        Assert.Equal("[[0,5]]", result.GetProperty("highlights").GetRawText());
    }

    [Fact]
    public async Task TheLastWordAlsoFindsWordsItStarts()
    {
        var (alice, _, conversation) = await ConversationAsync("Quarterly figures", "A quart of milk", "quarrel");

        Assert.Equal([2L, 1L], (await alice.FoundAsync("quart")).Select(f => f.Item2));
        Assert.Equal([2L], (await alice.FoundAsync("quart ")).Select(f => f.Item2));
        Assert.Equal(["Quarterly"], (await alice.SearchAsync("quart")).Results[1].Highlighted());
        Assert.Empty(await alice.FoundAsync("figures quart "));
        Assert.Equal([(conversation, 1L)], await alice.FoundAsync("figures quart"));
    }

    /// <summary>SQLite reads the words a prefix starts from its index's vocabulary, up to about fifty of them.</summary>
    [Fact]
    public async Task ALastWordFindsWhatItStartsInAnyCaseAndAccentsHoweverManyWordsItStarts()
    {
        var (alice, _, _) = await ConversationAsync(
            "Ünïcorns are real", string.Join(' ', Enumerable.Range(0, 60).Select(i => $"zephyr{i}")), "zephyr", "Unicode");

        Assert.Equal([4L, 1L], (await alice.FoundAsync("ÙNÏC")).Select(f => f.Item2));
        Assert.Equal(["Ünïcorns"], (await alice.SearchAsync("unic")).Results[1].Highlighted());
        Assert.Equal([3L, 2L], (await alice.FoundAsync("zephy")).Select(f => f.Item2));
        Assert.Equal([2L], (await alice.FoundAsync("zephyr5")).Select(f => f.Item2));
        Assert.Equal([2L], (await alice.FoundAsync("zephyr1 zephyr5")).Select(f => f.Item2));
        Assert.Empty(await alice.FoundAsync("zephyr zephyr5"));
    }

    [Fact]
    public async Task APhraseFindsItsWordsTogetherAndInOrder()
    {
        var (alice, _, _) = await ConversationAsync("plans for next quarter", "the quarter after next", "next, quarter!");

        Assert.Equal([3L, 1L], (await alice.FoundAsync("\"next quarter\"")).Select(f => f.Item2));
        Assert.Equal([3L, 2L, 1L], (await alice.FoundAsync("quarter next ")).Select(f => f.Item2));
    }

    [Fact]
    public async Task CaseAndAccentsAreFoldedInEveryScript()
    {
        var (alice, _, _) = await ConversationAsync("Ünïcode everywhere", "naïve CAFÉ crème", "МИР и мир", "ΣΟΦΙΑ");

        Assert.Equal([1L], (await alice.FoundAsync("unicode ")).Select(f => f.Item2));
        Assert.Equal([1L], (await alice.FoundAsync("UNICODE ")).Select(f => f.Item2));
        Assert.Equal([2L], (await alice.FoundAsync("Naive cafe creme ")).Select(f => f.Item2));
        Assert.Equal([2L], (await alice.FoundAsync("\"NAÏVE café\"")).Select(f => f.Item2));
        Assert.Equal(["МИР", "мир"], (await alice.SearchAsync("мир ")).Results.Single().Highlighted());
        Assert.Equal(["ΣΟΦΙΑ"], (await alice.SearchAsync("σοφια ")).Results.Single().Highlighted());
        Assert.Equal(["Ünïcode"], (await alice.SearchAsync("unicode ")).Results.Single().Highlighted());
    }

    [Fact]
    public async Task AGroupMemberFindsTheGroupsMessagesFromWhereTheyJoinedOnly()
    {
        var (ann, ben, cat, dan) = (await app.CreateUserAsync("ann"), await app.CreateUserAsync("ben"), await app.CreateUserAsync("cat"), await app.CreateUserAsync("dan"));
        var group = (await ann.CreateGroupAsync("Secret Society", ben, cat)).Id;
        await using var anns = await ann.ConnectAsync();
        var early = await anns.SendAsync(group, "the early secret");
        await ann.AddMembersAsync(group, dan);
        var late = await anns.SendAsync(group, "the later secret");

        var dans = await dan.SearchAsync("secret ");

        Assert.Equal([late.Seq], dans.Results.Select(r => r.Seq));
        Assert.Equal(("Secret Society", true, ann.DisplayName), (dans.Results[0].ConversationName, dans.Results[0].IsGroup, dans.Results[0].SenderName));
        Assert.Equal([(group, late.Seq), (group, early.Seq)], await ben.FoundAsync("secret "));
        Assert.Empty(await dan.FoundAsync("early secret", group));
    }

    [Fact]
    public async Task ARemovedMemberFindsNothingMoreOfTheGroupAndItsIdIsNotFound()
    {
        var (ann, ben, cat) = (await app.CreateUserAsync("ann"), await app.CreateUserAsync("ben"), await app.CreateUserAsync("cat"));
        var group = (await ann.CreateGroupAsync("Book club", ben, cat)).Id;
        await using var anns = await ann.ConnectAsync();
        await anns.SendAsync(group, "chapter one was long");
        Assert.Single(await cat.FoundAsync("chapter "));

        await ann.RemoveMemberAsync(group, cat);

        Assert.Empty(await cat.FoundAsync("chapter "));
        var refused = await cat.SearchRefusedAsync("chapter", group);
        Assert.Equal((HttpStatusCode.NotFound, "not_found"), (refused.Status, refused.Code));
        Assert.Single(await ben.FoundAsync("chapter ", group));
    }

    [Fact]
    public async Task SearchingAConversationOfSomeoneElsesIsNotFoundAsItsHistoryIsNot()
    {
        var (alice, _, conversation) = await ConversationAsync("private words");
        var eve = await app.CreateUserAsync("eve");

        var theirs = await eve.SearchRefusedAsync("private", conversation);
        var nowhere = await eve.SearchRefusedAsync("private", Guid.NewGuid());

        Assert.Equal((HttpStatusCode.NotFound, "not_found", "Conversation not found."), (theirs.Status, theirs.Code, theirs.Detail));
        Assert.Equal((HttpStatusCode.NotFound, "not_found"), (nowhere.Status, nowhere.Code));
        Assert.Empty(await eve.FoundAsync("private "));
        Assert.Equal([(conversation, 1L)], await alice.FoundAsync("private", conversation));
    }

    [Fact]
    public async Task ADeletedMessageIsNeverFoundAndAnEditedOneOnlyByItsCurrentText()
    {
        var (alice, bob, conversation) = await ConversationAsync("apples are red", "bananas are yellow");
        await using var alices = await alice.ConnectAsync();
        await alices.EditAsync(conversation, 1, "cherries are red");
        await alices.DeleteAsync(conversation, 2);

        Assert.Empty(await bob.FoundAsync("apples "));
        Assert.Empty(await bob.FoundAsync("bananas "));
        Assert.Empty(await bob.FoundAsync("yellow "));
        var cherries = Assert.Single((await bob.SearchAsync("cherries ")).Results);
        Assert.Equal((1L, "cherries are red"), (cherries.Seq, cherries.Snippet));
        Assert.NotNull(cherries.EditedAt);
        Assert.Equal([(conversation, 1L)], await bob.FoundAsync("red "));
    }

    [Fact]
    public async Task ChangesAndGroupEventsAreNeverFound()
    {
        var (ann, ben, cat) = (await app.CreateUserAsync("ann"), await app.CreateUserAsync("ben"), await app.CreateUserAsync("cat"));
        var group = (await ann.CreateGroupAsync("Xylophone players", ben, cat)).Id;
        await ann.RenameGroupAsync(group, "Zither players");
        await using var anns = await ann.ConnectAsync();
        var message = await anns.SendAsync(group, "first draft");
        await anns.EditAsync(group, message.Seq, "final version");
        await anns.ReactAsync(group, message.Seq, "👍");

        var stored = await app.StoredRowsAsync(group);
        Assert.Contains(stored, r => r.Kind == MessageKind.MessageEdited && r.Body == "final version");
        Assert.Empty(await ben.FoundAsync("xylophone "));
        Assert.Empty(await ben.FoundAsync("zither "));
        Assert.Empty(await ben.FoundAsync("draft "));
        Assert.Equal([(group, message.Seq)], await ben.FoundAsync("final version "));
    }

    [Fact]
    public async Task AChangeIsWhatSearchFindsTheMomentItIsAcknowledged()
    {
        var (alice, bob, conversation) = await ConversationAsync();
        await using var alices = await alice.ConnectAsync();

        for (var i = 0; i < 5; i++)
        {
            var sent = await alices.SendAsync(conversation, $"ruby{i}");
            Assert.Equal([(conversation, sent.Seq)], await bob.FoundAsync($"ruby{i} "));

            await alices.EditAsync(conversation, sent.Seq, $"jade{i}");
            Assert.Empty(await bob.FoundAsync($"ruby{i} "));
            Assert.Equal([(conversation, sent.Seq)], await bob.FoundAsync($"jade{i} "));

            await alices.DeleteAsync(conversation, sent.Seq);
            Assert.Empty(await bob.FoundAsync($"jade{i} "));
        }
    }

    [Fact]
    public async Task FiltersNarrowBySenderConversationAndDay()
    {
        var (ann, ben, cat) = (await app.CreateUserAsync("ann"), await app.CreateUserAsync("ben"), await app.CreateUserAsync("cat"));
        var withBen = (await ann.OpenConversationWithAsync(ben)).Id;
        var withCat = (await ann.OpenConversationWithAsync(cat)).Id;
        var group = (await ann.CreateGroupAsync("Garden Club", ben, cat)).Id;
        await using var anns = await ann.ConnectAsync();
        await using var bens = await ben.ConnectAsync();
        var toBen = await anns.SendAsync(withBen, "tomato seeds");
        var fromBen = await bens.SendAsync(withBen, "tomato plants");
        var toCat = await anns.SendAsync(withCat, "tomato soup");
        var inGroup = await bens.SendAsync(group, "tomato harvest");
        await SentOnAsync(withBen, toBen.Seq, "2026-01-01T23:59:59Z");
        await SentOnAsync(withBen, fromBen.Seq, "2026-01-02T00:00:00Z");
        await SentOnAsync(withCat, toCat.Seq, "2026-01-03T12:00:00Z");
        await SentOnAsync(group, inGroup.Seq, "2026-01-04T00:00:00Z");

        Assert.Equal([(group, inGroup.Seq), (withBen, fromBen.Seq)], await ann.FoundAsync($"tomato from:@{ben.UserName}"));
        Assert.Equal([(group, inGroup.Seq), (withBen, fromBen.Seq)], await ann.FoundAsync($"from:{ben.UserName.ToUpperInvariant()} tomato"));
        Assert.Equal([(withBen, fromBen.Seq), (withBen, toBen.Seq)], await ann.FoundAsync($"tomato in:@{ben.UserName}"));
        Assert.Equal([(group, inGroup.Seq)], await ann.FoundAsync("tomato in:\"garden club\""));
        Assert.Equal([(group, inGroup.Seq), (withCat, toCat.Seq)], await ann.FoundAsync($"tomato in:\"Garden Club\" in:@{cat.UserName}"));
        Assert.Empty(await ann.FoundAsync("tomato in:garden"));
        Assert.Empty(await ann.FoundAsync($"tomato from:@{cat.UserName}"));
        Assert.Equal([(group, inGroup.Seq), (withCat, toCat.Seq), (withBen, fromBen.Seq)], await ann.FoundAsync("tomato after:2026-01-02"));
        Assert.Equal([(withBen, fromBen.Seq), (withBen, toBen.Seq)], await ann.FoundAsync("tomato before:2026-01-02"));
        Assert.Equal([(withBen, fromBen.Seq)], await ann.FoundAsync("after:2026-01-02 tomato before:2026-01-02"));
        Assert.Equal([(withCat, toCat.Seq)], await ann.FoundAsync("tomato after:2026-01-03", withCat));
        Assert.Equal(4, (await ann.FoundAsync("tomato after:0001-01-01 before:9999-12-31")).Count);
    }

    [Fact]
    public async Task ResultsComeTwentyAPageNewestFirstAndAPagePastTheEndIsRefused()
    {
        var (alice, _, conversation) = await app.ConversationWithMessagesAsync(45);

        var pages = new[] { await alice.SearchAsync("message ", page: 1), await alice.SearchAsync("message ", page: 2), await alice.SearchAsync("message ", page: 3) };
        var pastTheEnd = await alice.SearchRefusedAsync("message ", page: 4);
        var pastTheLimit = await alice.SearchRefusedAsync("message ", page: 51);

        Assert.Equal([20, 20, 5], pages.Select(p => p.Results.Count));
        Assert.Equal([true, true, false], pages.Select(p => p.HasMore));
        Assert.Equal([1, 2, 3], pages.Select(p => p.Page));
        Assert.Equal(Enumerable.Range(1, 45).Reverse().Select(i => (long)i), pages.SelectMany(p => p.Results).Select(r => r.Seq));
        Assert.Equal((HttpStatusCode.BadRequest, "page_past_end", "There is no page 4: the results end before it."), (pastTheEnd.Status, pastTheEnd.Code, pastTheEnd.Detail));
        Assert.Equal((HttpStatusCode.BadRequest, "page_past_end"), (pastTheLimit.Status, pastTheLimit.Code));
        Assert.Contains("\"maxPage\":50", pastTheLimit.Body, StringComparison.Ordinal);
        Assert.Empty((await alice.SearchAsync("nothing like it")).Results);
        Assert.All(pages[0].Results, r => Assert.Equal(conversation, r.ConversationId));
    }

    [Fact]
    public async Task ALongMessageShowsAnExcerptAroundItsMatchesMarked()
    {
        var words = string.Join(' ', Enumerable.Range(0, 150).Select(i => i == 100 ? "needle" : $"hay{i}"));
        var (alice, _, _) = await ConversationAsync(words, "short needle");

        var found = await alice.SearchAsync("needle ");

        Assert.Equal("short needle", found.Results[0].Snippet);
        Assert.Equal(["needle"], found.Results[0].Highlighted());
        var excerpt = found.Results[1];
        Assert.StartsWith("…hay", excerpt.Snippet, StringComparison.Ordinal);
        Assert.EndsWith("…", excerpt.Snippet, StringComparison.Ordinal);
        Assert.Contains(excerpt.Snippet.Trim('…'), words, StringComparison.Ordinal);
        Assert.Equal(["needle"], excerpt.Highlighted());
    }

    [Fact]
    public async Task TextLikeTheMarkersCannotPassForAMatch()
    {
        var (alice, _, _) = await ConversationAsync("\uE000odd\uE001 marks around the needle \uE001\uE000 and \uE002 too");

        var found = Assert.Single((await alice.SearchAsync("needle ")).Results);

        Assert.Equal("\uE000odd\uE001 marks around the needle \uE001\uE000 and \uE002 too", found.Snippet);
        Assert.Equal(["needle"], found.Highlighted());
    }

    [Fact]
    public async Task WhatATermHoldsIsOnlyEverText()
    {
        var (alice, _, conversation) = await ConversationAsync("it's a cat's life", "tom AND jerry", "O'Brien said \"hi\"");

        Assert.Equal([1L], (await alice.FoundAsync("it's ")).Select(f => f.Item2));
        Assert.Equal([2L], (await alice.FoundAsync("AND jerry")).Select(f => f.Item2));
        Assert.Empty(await alice.FoundAsync("tom OR mouse"));
        Assert.Equal([3L], (await alice.FoundAsync("o'brien \"said \"\"hi")).Select(f => f.Item2));
        Assert.Empty(await alice.FoundAsync("NEAR(tom jerry) *:* ') ; DROP TABLE x; --"));
        Assert.Equal([2L], (await alice.FoundAsync("\u0000jerry\u0007tom\u001b")).Select(f => f.Item2));
        Assert.Equal(3, (await app.StoredRowsAsync(conversation)).Count);
    }

    /// <summary>Alice's messages to Bob, in order.</summary>
    private async Task<(TestUser Alice, TestUser Bob, Guid Conversation)> ConversationAsync(params string[] bodies)
    {
        var (alice, bob, conversation) = await app.ConversationWithMessagesAsync(0);
        await using var device = await alice.ConnectAsync();
        foreach (var body in bodies)
        {
            await device.SendAsync(conversation, body);
        }

        return (alice, bob, conversation);
    }

    /// <summary>Makes a message's sent time another day's, as if it had been sent then.</summary>
    private async Task SentOnAsync(Guid conversation, long seq, string time)
    {
        await using var db = app.CreateDbContext();
        var sentAt = DateTimeOffset.Parse(time, System.Globalization.CultureInfo.InvariantCulture);
        await db.Messages.Where(m => m.ConversationId == conversation && m.Seq == seq)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.SentAt, sentAt), TestContext.Current.CancellationToken);
    }
}
