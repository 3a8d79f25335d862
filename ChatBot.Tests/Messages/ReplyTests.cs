using ChatBot.ApiService.Messages;
using ChatBot.Data;
using ChatBot.Tests.Groups;
using ChatBot.Tests.Infrastructure;

namespace ChatBot.Tests.Messages;

/// <summary>Replying to a message of the conversation that one sees. Run on each database.</summary>
public abstract class ReplyTests(ChatApp app)
{
    public sealed class OnSqlite(ChatApp app) : ReplyTests(app);

    public sealed class OnPostgreSql(PostgreSqlChatApp app) : ReplyTests(app);

    [Fact]
    public async Task AReplyShowsWhoWroteTheOriginalAndHowItStartsOnAGraphemeBoundary()
    {
        var alice = await app.CreateUserAsync("alice", "Alice A");
        var bob = await app.CreateUserAsync("bob");
        var conversation = (await alice.OpenConversationWithAsync(bob)).Id;
        await using var aliceDevice = await alice.ConnectAsync();
        await using var bobDevice = await bob.ConnectAsync();
        // A family (one grapheme cluster of several characters) straddles the excerpt's end: it goes whole or not at all.
        var family = "👨‍👩‍👧";
        var text = new string('x', Message.ReplyExcerptLength - 2) + family + " and more";
        var original = await aliceDevice.SendAsync(conversation, text);

        var reply = await bobDevice.ReplyAsync(conversation, "yes", original.Seq);

        Assert.Equal(original.Seq, reply.ReplyToSeq);
        var expected = new string('x', Message.ReplyExcerptLength - 2);
        Assert.Equal(new ReplyPreview(original.Seq, alice.Id, "Alice A", expected, false), reply.ReplyTo);
        var live = await aliceDevice.Messages.WaitForAsync(m => m.Seq == reply.Seq);
        Assert.Equal(reply.ReplyTo, live.ReplyTo);
        var history = await alice.GetMessagesAsync(conversation);
        Assert.Equal(reply.ReplyTo, history[^1].ReplyTo);
    }

    [Fact]
    public async Task AReplyWhoseOriginalIsDeletedLaterShowsItDeleted()
    {
        var (alice, bob, conversation) = await app.ConversationWithMessagesAsync(1);
        await using var aliceDevice = await alice.ConnectAsync();
        await using var bobDevice = await bob.ConnectAsync();
        var reply = await bobDevice.ReplyAsync(conversation, "what?", 1);

        await aliceDevice.DeleteAsync(conversation, 1);

        var shown = (await bob.GetMessagesAsync(conversation)).Single(m => m.Seq == reply.Seq);
        Assert.Equal((1L, "", true), (shown.ReplyTo!.Seq, shown.ReplyTo.Excerpt, shown.ReplyTo.Deleted));
    }

    [Fact]
    public async Task AReplyToADeletedMessageIsRefused()
    {
        var (alice, bob, conversation) = await app.ConversationWithMessagesAsync(1);
        await using var aliceDevice = await alice.ConnectAsync();
        await using var bobDevice = await bob.ConnectAsync();
        await aliceDevice.DeleteAsync(conversation, 1);

        var refusal = await MessageChanges.RefusedAsync(() => bobDevice.ReplyAsync(conversation, "to nothing", 1));

        Assert.Equal("message_deleted", refusal.Code);
        Assert.Equal(2, (await app.StoredRowsAsync(conversation)).Count);
    }

    [Fact]
    public async Task AReplyToAMessageOfAnotherConversationIsNotFound()
    {
        var (alice, bob, conversation) = await app.ConversationWithMessagesAsync(1);
        var carol = await app.CreateUserAsync("carol");
        var other = (await alice.OpenConversationWithAsync(carol)).Id;
        await using var aliceDevice = await alice.ConnectAsync();
        var elsewhere = await aliceDevice.SendAsync(other, "one");
        await aliceDevice.SendAsync(other, "two");

        // Seq 2 is a message of the other conversation only.
        var refusal = await MessageChanges.RefusedAsync(() => aliceDevice.ReplyAsync(conversation, "crossed", elsewhere.Seq + 1));

        Assert.Equal("not_found", refusal.Code);
        Assert.Single(await app.StoredRowsAsync(conversation));
        Assert.NotNull(bob);
    }

    [Fact]
    public async Task AReplyToAMessageFromBeforeOnesJoinIsNotFound()
    {
        var ann = await app.CreateUserAsync("ann");
        var (ben, cat, dan) = (await app.CreateUserAsync("ben"), await app.CreateUserAsync("cat"), await app.CreateUserAsync("dan"));
        var group = (await ann.CreateGroupAsync("Replies", ben, cat)).Id;
        await using var annDevice = await ann.ConnectAsync();
        var before = await annDevice.SendAsync(group, "before dan came");
        await ann.AddMembersAsync(group, dan);
        await using var danDevice = await dan.ConnectAsync();

        var refusal = await MessageChanges.RefusedAsync(() => danDevice.ReplyAsync(group, "what was that?", before.Seq));

        Assert.Equal("not_found", refusal.Code);
    }

    [Fact]
    public async Task AMemberWhoJoinedAfterTheOriginalSeesTheReplyWithoutIt()
    {
        var ann = await app.CreateUserAsync("ann");
        var (ben, cat, dan) = (await app.CreateUserAsync("ben"), await app.CreateUserAsync("cat"), await app.CreateUserAsync("dan"));
        var group = (await ann.CreateGroupAsync("Replies", ben, cat)).Id;
        await using var annDevice = await ann.ConnectAsync();
        var before = await annDevice.SendAsync(group, "only for the first three");
        await ann.AddMembersAsync(group, dan);
        await using var danDevice = await dan.ConnectAsync();

        var reply = await annDevice.ReplyAsync(group, "as I said", before.Seq);

        Assert.NotNull(reply.ReplyTo);
        var live = await danDevice.Messages.WaitForAsync(m => m.Seq == reply.Seq);
        var history = (await dan.GetMessagesAsync(group)).Single(m => m.Seq == reply.Seq);
        Assert.Equal((before.Seq, before.Seq), (live.ReplyToSeq, history.ReplyToSeq));
        Assert.Null(live.ReplyTo);
        Assert.Null(history.ReplyTo);
    }
}
