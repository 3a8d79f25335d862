using ChatBot.Data;
using ChatBot.Tests.Groups;
using ChatBot.Tests.Infrastructure;

namespace ChatBot.Tests.Messages;

/// <summary>Deleting a message: its text and its edits' texts erased from the database, its reactions gone. Run on each database.</summary>
public abstract class DeleteMessageTests(ChatApp app)
{
    public sealed class OnSqlite(ChatApp app) : DeleteMessageTests(app);

    public sealed class OnPostgreSql(PostgreSqlChatApp app) : DeleteMessageTests(app);

    [Fact]
    public async Task DeletingErasesTheTextOfTheMessageAndOfItsEditsAndItsReactionsAndMentions()
    {
        var alice = await app.CreateUserAsync("alice");
        var bob = await app.CreateUserAsync("bob");
        var conversation = (await alice.OpenConversationWithAsync(bob)).Id;
        await using var device = await alice.ConnectAsync();
        await using var bobDevice = await bob.ConnectAsync();
        var sent = await device.ReplyAsync(conversation, "a secret for @bob", replyToSeq: null, mentions: [bob.Id]);
        await device.EditAsync(conversation, sent.Seq, "a second secret");
        await bobDevice.ReactAsync(conversation, sent.Seq, "😮");

        var deletion = await device.DeleteAsync(conversation, sent.Seq);

        Assert.Equal((4L, MessageKind.MessageDeleted, sent.Seq, ""), (deletion.Seq, deletion.Kind, deletion.TargetSeq, deletion.Body));
        Assert.Equal(deletion, await bobDevice.Messages.WaitForAsync(m => m.Seq == deletion.Seq));
        var rows = await app.StoredRowsAsync(conversation);
        Assert.All(rows, row => Assert.DoesNotContain("secret", row.Body, StringComparison.Ordinal));
        Assert.Equal(("", null, 4L), (rows[0].Body, rows[0].Mentions, rows[0].ChangedSeq));
        Assert.NotNull(rows[0].DeletedAt);
        Assert.Empty(await app.StoredReactionsAsync(conversation, sent.Seq));
        var shown = (await bob.GetMessagesAsync(conversation))[0];
        Assert.Equal((true, "", null, null, 4L), (shown.Deleted, shown.Body, shown.Mentions, shown.Reactions, shown.ChangedSeq));
        // The row keeps its place and its sender.
        Assert.Equal((sent.Seq, alice.Id, sent.SentAt), (shown.Seq, shown.SenderId, shown.SentAt));
    }

    [Fact]
    public async Task DeletingSomeoneElsesMessageIsRefused()
    {
        var (_, bob, conversation) = await app.ConversationWithMessagesAsync(1);
        await using var device = await bob.ConnectAsync();

        var refusal = await MessageChanges.RefusedAsync(() => device.DeleteAsync(conversation, 1));

        Assert.Equal("not_message_author", refusal.Code);
        var rows = await app.StoredRowsAsync(conversation);
        Assert.Equal(("message 1", null, 1), (rows[0].Body, rows[0].DeletedAt, rows.Count));
    }

    [Fact]
    public async Task AGroupsAdminDeletesAnyonesMessageAndAMemberOnlyTheirOwn()
    {
        var ann = await app.CreateUserAsync("ann");
        var (ben, cat) = (await app.CreateUserAsync("ben"), await app.CreateUserAsync("cat"));
        var group = (await ann.CreateGroupAsync("Admins", ben, cat)).Id;
        await using var annDevice = await ann.ConnectAsync();
        await using var benDevice = await ben.ConnectAsync();
        await using var catDevice = await cat.ConnectAsync();
        var bens = await benDevice.SendAsync(group, "ben's");
        var cats = await catDevice.SendAsync(group, "cat's");

        var refusal = await MessageChanges.RefusedAsync(() => benDevice.DeleteAsync(group, cats.Seq));
        var byAdmin = await annDevice.DeleteAsync(group, bens.Seq);
        var own = await catDevice.DeleteAsync(group, cats.Seq);

        Assert.Equal("not_message_author", refusal.Code);
        Assert.Equal((ann.Id, bens.Seq), (byAdmin.SenderId, byAdmin.TargetSeq));
        Assert.Equal((cat.Id, cats.Seq), (own.SenderId, own.TargetSeq));
        var history = await ben.GetMessagesAsync(group);
        Assert.True(history.Single(m => m.Seq == bens.Seq).Deleted);
        Assert.True(history.Single(m => m.Seq == cats.Seq).Deleted);
    }

    [Fact]
    public async Task DeletingTwiceIsRefusedAndAResentDeletionIsStoredOnce()
    {
        var (alice, _, conversation) = await app.ConversationWithMessagesAsync(1);
        await using var device = await alice.ConnectAsync();
        var clientMessageId = Guid.CreateVersion7();

        var first = await device.DeleteAsync(conversation, 1, clientMessageId);
        var resent = await device.DeleteAsync(conversation, 1, clientMessageId);
        var again = await MessageChanges.RefusedAsync(() => device.DeleteAsync(conversation, 1));

        Assert.Equal(first, resent);
        Assert.Equal("message_deleted", again.Code);
        Assert.Equal([MessageKind.Text, MessageKind.MessageDeleted], (await app.StoredRowsAsync(conversation)).Select(m => m.Kind));
    }
}
