using ChatBot.ApiService.Hubs;
using ChatBot.ApiService.Messages;
using ChatBot.Data;
using ChatBot.Tests.Groups;
using ChatBot.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR.Client;

namespace ChatBot.Tests.Messages;

/// <summary>
/// Changes reach people as messages do: live on every device of every member, and in catch-up and history, with
/// each message's state as of its changedSeq; change rows are never unread, and a summary shows the last shown row.
/// Run on each database.
/// </summary>
public abstract class MessageChangeDeliveryTests(ChatApp app)
{
    public sealed class OnSqlite(ChatApp app) : MessageChangeDeliveryTests(app);

    public sealed class OnPostgreSql(PostgreSqlChatApp app) : MessageChangeDeliveryTests(app);

    [Fact]
    public async Task EveryChangeReachesEveryDeviceOfEveryMemberOnce()
    {
        var ann = await app.CreateUserAsync("ann");
        var (ben, cat) = (await app.CreateUserAsync("ben"), await app.CreateUserAsync("cat"));
        var group = (await ann.CreateGroupAsync("Everywhere", ben, cat)).Id;
        var devices = new List<ChatConnection>();
        foreach (var person in new[] { ann, ann, ben, ben, cat, cat })
        {
            devices.Add(await person.ConnectAsync());
        }

        var sent = await devices[0].SendAsync(group, "hello");
        (MessageDto Row, int By)[] rows =
        [
            (sent, 0),
            (await devices[0].EditAsync(group, sent.Seq, "hello all"), 0),
            (await devices[2].ReactAsync(group, sent.Seq, "👋"), 2),
            (await devices[4].ReplyAsync(group, "hi", sent.Seq), 4),
            (await devices[1].DeleteAsync(group, sent.Seq), 1),
        ];
        // A last message from a device of its own: once it is everywhere, nothing earlier is still on its way.
        await using var marker = await ann.ConnectAsync();
        var last = await marker.SendAsync(group, "last");

        for (var i = 0; i < devices.Count; i++)
        {
            var received = await devices[i].Messages.WaitForAsync(m => m.Seq == last.Seq);
            // Every row once, in order, but those the device sent itself: it has them as their acknowledgements.
            var expected = rows.Where(r => r.By != i).Select(r => r.Row).Append(last).ToList();
            Assert.Equal(expected, devices[i].Messages.Items);
            Assert.NotNull(received);
        }

        foreach (var device in devices)
        {
            await device.DisposeAsync();
        }
    }

    [Fact]
    public async Task CatchUpAndHistoryCarryChangeRowsAndEachMessageAsOfItsChangedSeq()
    {
        var (alice, bob, conversation) = await app.ConversationWithMessagesAsync(2);
        await using var aliceDevice = await alice.ConnectAsync();
        await using var bobDevice = await bob.ConnectAsync();
        var edit = await aliceDevice.EditAsync(conversation, 1, "first, edited");
        var reaction = await bobDevice.ReactAsync(conversation, 1, "👍");
        var deletion = await aliceDevice.DeleteAsync(conversation, 2);

        var caughtUp = await bobDevice.GetMessagesAfterAsync(conversation, 0);
        var history = await bob.GetMessagesAsync(conversation);

        foreach (var rows in new[] { caughtUp, history })
        {
            Assert.Equal([1L, 2L, edit.Seq, reaction.Seq, deletion.Seq], rows.Select(m => m.Seq));
            Assert.Equal(
                [MessageKind.Text, MessageKind.Text, MessageKind.MessageEdited, MessageKind.ReactionAdded, MessageKind.MessageDeleted],
                rows.Select(m => m.Kind));
            Assert.Equal(("first, edited", reaction.Seq, "👍"), (rows[0].Body, rows[0].ChangedSeq, rows[0].Reactions!.Single().Emoji));
            Assert.Equal(("", true, deletion.Seq), (rows[1].Body, rows[1].Deleted, rows[1].ChangedSeq));
            Assert.Equal([edit, reaction, deletion], rows.Skip(2));
        }

        // A page after the edit carries its state from then on: the message itself comes as it is now.
        Assert.Equal([reaction.Seq, deletion.Seq], (await bobDevice.GetMessagesAfterAsync(conversation, edit.Seq)).Select(m => m.Seq));
    }

    [Fact]
    public async Task ChangeRowsAreNeverUnreadAndTheirActorHasReadUpToThem()
    {
        var (alice, bob, conversation) = await app.ConversationWithMessagesAsync(2);
        await using var aliceDevice = await alice.ConnectAsync();
        await using var bobDevice = await bob.ConnectAsync();
        await aliceDevice.EditAsync(conversation, 1, "edited");
        await aliceDevice.ReactAsync(conversation, 2, "🙂");
        await aliceDevice.DeleteAsync(conversation, 1);

        var bobs = await bob.SummaryAsync(conversation);
        var alices = await alice.SummaryAsync(conversation);

        Assert.Equal((5L, 2L), (bobs.LastSeq, bobs.UnreadCount));
        Assert.Equal((5L, 0L), (alices.LastReadSeq, alices.UnreadCount));

        await bobDevice.ReactAsync(conversation, 2, "👍");
        Assert.Equal(0L, (await bob.SummaryAsync(conversation)).UnreadCount);
    }

    [Fact]
    public async Task ASummaryShowsTheLastShownRowInItsCurrentState()
    {
        var (alice, bob, conversation) = await app.ConversationWithMessagesAsync(2);
        await using var aliceDevice = await alice.ConnectAsync();

        await aliceDevice.EditAsync(conversation, 2, "second, edited");
        var afterEdit = (await bob.ListConversationsAsync()).Single(c => c.Id == conversation).LastMessage!;
        await aliceDevice.ReactAsync(conversation, 2, "🎉");
        var afterReaction = (await bob.SummaryAsync(conversation)).LastMessage!;
        await aliceDevice.DeleteAsync(conversation, 2);
        var afterDelete = (await bob.SummaryAsync(conversation)).LastMessage!;

        Assert.Equal((2L, "second, edited", false), (afterEdit.Seq, afterEdit.Body, afterEdit.Deleted));
        Assert.NotNull(afterEdit.EditedAt);
        Assert.Equal((2L, "🎉"), (afterReaction.Seq, afterReaction.Reactions!.Single().Emoji));
        Assert.Equal((2L, "", true, null), (afterDelete.Seq, afterDelete.Body, afterDelete.Deleted, afterDelete.Reactions));
    }

    [Fact]
    public async Task AMemberWhoJoinedLaterGetsChangesOfEarlierMessagesWithoutTheirText()
    {
        var ann = await app.CreateUserAsync("ann");
        var (ben, cat, dan) = (await app.CreateUserAsync("ben"), await app.CreateUserAsync("cat"), await app.CreateUserAsync("dan"));
        var group = (await ann.CreateGroupAsync("Later", ben, cat)).Id;
        await using var annDevice = await ann.ConnectAsync();
        var before = await annDevice.SendAsync(group, "before dan");
        await ann.AddMembersAsync(group, dan);
        await using var danDevice = await dan.ConnectAsync();
        await using var benDevice = await ben.ConnectAsync();

        var edit = await annDevice.EditAsync(group, before.Seq, "still not for dan");

        Assert.Equal("still not for dan", (await benDevice.Messages.WaitForAsync(m => m.Seq == edit.Seq)).Body);
        var live = await danDevice.Messages.WaitForAsync(m => m.Seq == edit.Seq);
        var caughtUp = (await danDevice.GetMessagesAfterAsync(group, 0)).Single(m => m.Seq == edit.Seq);
        Assert.Equal(("", before.Seq), (live.Body, live.TargetSeq));
        Assert.Equal(live, caughtUp);
    }
}
