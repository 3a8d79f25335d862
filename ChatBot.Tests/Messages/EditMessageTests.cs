using ChatBot.Data;
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
}
