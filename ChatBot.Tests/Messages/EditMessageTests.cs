using ChatBot.Data;
using ChatBot.Tests.Groups;
using ChatBot.Tests.Infrastructure;

namespace ChatBot.Tests.Messages;

/// <summary>Editing one's own message: a row of the stream, stored once, sent to everyone. Run on each database.</summary>
public abstract class EditMessageTests(ChatApp app)
{
    public sealed class OnSqlite(ChatApp app) : EditMessageTests(app);

    public sealed class OnPostgreSql(PostgreSqlChatApp app) : EditMessageTests(app);

    [Fact]
    public async Task AnEditIsARowOfTheStreamAndTheMessageCarriesItsNewText()
    {
        var (alice, bob, conversation) = await app.ConversationWithMessagesAsync(1);
        await using var device = await alice.ConnectAsync();
        await using var bobDevice = await bob.ConnectAsync();

        var edit = await device.EditAsync(conversation, 1, "  message one, \r\nedited ");

        Assert.Equal((2L, MessageKind.MessageEdited, 1L, "message one, \nedited", alice.Id), (edit.Seq, edit.Kind, edit.TargetSeq, edit.Body, edit.SenderId));
        Assert.Equal(edit, await bobDevice.Messages.WaitForAsync(m => m.Seq == edit.Seq));
        var history = await bob.GetMessagesAsync(conversation);
        Assert.Equal([1L, 2L], history.Select(m => m.Seq));
        Assert.Equal(("message one, \nedited", 2L), (history[0].Body, history[0].ChangedSeq));
        Assert.NotNull(history[0].EditedAt);
        var stored = await app.StoredRowsAsync(conversation);
        Assert.Equal(("message one, \nedited", 2L), (stored[0].Body, stored[0].ChangedSeq));
    }

    [Fact]
    public async Task EditingToTheSameTextStillWritesARow()
    {
        var (alice, _, conversation) = await app.ConversationWithMessagesAsync(1);
        await using var device = await alice.ConnectAsync();

        var edit = await device.EditAsync(conversation, 1, "message 1");

        Assert.Equal((2L, "message 1"), (edit.Seq, edit.Body));
        Assert.Equal(2, (await app.StoredRowsAsync(conversation)).Count);
    }

    [Fact]
    public async Task AResentEditIsStoredOnce()
    {
        var (alice, _, conversation) = await app.ConversationWithMessagesAsync(1);
        await using var device = await alice.ConnectAsync();
        var clientMessageId = Guid.CreateVersion7();

        var first = await device.EditAsync(conversation, 1, "once", clientMessageId);
        var resent = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => device.EditAsync(conversation, 1, "once", clientMessageId)));

        Assert.All(resent, edit => Assert.Equal(first, edit));
        Assert.Equal([MessageKind.Text, MessageKind.MessageEdited], (await app.StoredRowsAsync(conversation)).Select(m => m.Kind));
    }

    [Fact]
    public async Task EditingSomeoneElsesMessageIsRefusedAndWritesNothing()
    {
        var (_, bob, conversation) = await app.ConversationWithMessagesAsync(1);
        await using var device = await bob.ConnectAsync();

        var refusal = await MessageChanges.RefusedAsync(() => device.EditAsync(conversation, 1, "not mine"));

        Assert.Equal("not_message_author", refusal.Code);
        await AssertUnchangedAsync(conversation, 1);
    }

    [Fact]
    public async Task EditingADeletedMessageIsRefused()
    {
        var (alice, _, conversation) = await app.ConversationWithMessagesAsync(1);
        await using var device = await alice.ConnectAsync();
        await device.DeleteAsync(conversation, 1);

        var refusal = await MessageChanges.RefusedAsync(() => device.EditAsync(conversation, 1, "back again"));

        Assert.Equal("message_deleted", refusal.Code);
        await AssertUnchangedAsync(conversation, 2);
    }

    [Theory]
    [InlineData("")]
    [InlineData(" \n ")]
    [InlineData("a bell \u0007")]
    public async Task AnEditWithTextNoMessageCouldHaveIsRefused(string body)
    {
        var (alice, _, conversation) = await app.ConversationWithMessagesAsync(1);
        await using var device = await alice.ConnectAsync();

        var refusal = await MessageChanges.RefusedAsync(() => device.EditAsync(conversation, 1, body));

        Assert.Equal(("invalid_message", Message.MaxBodyLength), (refusal.Code, refusal.Number("maxLength")));
        await AssertUnchangedAsync(conversation, 1);
    }

    [Fact]
    public async Task AnEditOfWhatIsNoMessageOrNotThereIsNotFound()
    {
        var ann = await app.CreateUserAsync("ann");
        var (ben, cat) = (await app.CreateUserAsync("ben"), await app.CreateUserAsync("cat"));
        var group = (await ann.CreateGroupAsync("Edits", ben, cat)).Id;
        await using var device = await ann.ConnectAsync();
        var sent = await device.SendAsync(group, "mine");
        var edit = await device.EditAsync(group, sent.Seq, "mine, edited");

        // The group's creation (an event), the edit itself (a change row), a seq not yet used, and none at all.
        foreach (var seq in new[] { 1, edit.Seq, edit.Seq + 5, 0 })
        {
            var refusal = await MessageChanges.RefusedAsync(() => device.EditAsync(group, seq, "no"));
            Assert.Equal(("not_found", "Message not found."), (refusal.Code, refusal.Message));
        }

        await AssertUnchangedAsync(group, edit.Seq);
    }

    [Fact]
    public async Task AMessageFromBeforeSomeoneJoinedIsNotFoundToThem()
    {
        var ann = await app.CreateUserAsync("ann");
        var (ben, cat, dan) = (await app.CreateUserAsync("ben"), await app.CreateUserAsync("cat"), await app.CreateUserAsync("dan"));
        var group = (await ann.CreateGroupAsync("Late", ben, cat)).Id;
        await using var annDevice = await ann.ConnectAsync();
        var before = await annDevice.SendAsync(group, "before dan");
        await ann.AddMembersAsync(group, dan);
        await using var danDevice = await dan.ConnectAsync();

        var refusal = await MessageChanges.RefusedAsync(() => danDevice.ReactAsync(group, before.Seq, "👍"));

        Assert.Equal("not_found", refusal.Code);
    }

    private async Task AssertUnchangedAsync(Guid conversation, long lastSeq)
    {
        var rows = await app.StoredRowsAsync(conversation);
        Assert.Equal(lastSeq, rows[^1].Seq);
        await using var db = app.CreateDbContext();
        Assert.Equal(lastSeq, db.Conversations.Single(c => c.Id == conversation).LastSeq);
    }
}
