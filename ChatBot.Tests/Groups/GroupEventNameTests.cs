using ChatBot.ApiService.Messages;
using ChatBot.Data;
using ChatBot.Tests.Infrastructure;
using ChatBot.Tests.Messages;

namespace ChatBot.Tests.Groups;

/// <summary>
/// A group's rows name the people they are about, wherever a client gets them (the answer, live, history,
/// catch-up, the sidebar's preview): every row its sender, an event whom it is about. A member can tell who
/// wrote, and who came and went, though they never saw them in the member list. Run on each database: <see cref="OnSqlite"/> and <see cref="OnPostgreSql"/>.
/// </summary>
public abstract class GroupEventNameTests(ChatApp app)
{
    public sealed class OnSqlite(ChatApp app) : GroupEventNameTests(app);

    public sealed class OnPostgreSql(PostgreSqlChatApp app) : GroupEventNameTests(app);

    [Fact]
    public async Task SomeoneAddedAndRemovedIsNamedInEveryViewOfTheEvents()
    {
        var (ann, ben, cat, eve) = (await app.CreateUserAsync("ann"), await app.CreateUserAsync("ben"), await app.CreateUserAsync("cat"), await app.CreateUserAsync("eve"));
        var group = await ann.CreateGroupAsync("Names", ben, cat);
        await using var bensPhone = await ben.ConnectAsync();

        var added = Assert.Single(await ann.AddMembersAsync(group.Id, eve));
        var removed = Assert.Single(await ann.RemoveMemberAsync(group.Id, eve));
        var live = await bensPhone.Messages.WaitForAsync(m => m.Seq == removed.Seq);
        var history = await ben.GetMessagesAsync(group.Id);
        var caughtUp = await bensPhone.GetMessagesAfterAsync(group.Id, 0);
        var preview = (await ben.SummaryAsync(group.Id)).LastMessage!;

        Assert.Equal((MessageKind.MemberAdded, ann.DisplayName, eve.DisplayName), (added.Kind, added.SenderName, added.SubjectName));
        Assert.Equal((MessageKind.MemberRemoved, ann.DisplayName, eve.DisplayName), (removed.Kind, removed.SenderName, removed.SubjectName));
        Assert.Equal((ann.DisplayName, eve.DisplayName), (live.SenderName, live.SubjectName));
        Assert.Equal((ann.DisplayName, eve.DisplayName), (preview.SenderName, preview.SubjectName));
        foreach (var page in new[] { history, caughtUp })
        {
            Assert.Equal(
                [
                    (MessageKind.GroupCreated, ann.DisplayName, (string?)null),
                    (MessageKind.MemberAdded, ann.DisplayName, eve.DisplayName),
                    (MessageKind.MemberRemoved, ann.DisplayName, eve.DisplayName),
                ],
                page.Select(m => (m.Kind, m.SenderName, m.SubjectName)));
        }
    }

    [Fact]
    public async Task EveryRowNamesItsSenderLiveOnCatchUpInHistoryAndInTheConversationList()
    {
        var (ann, ben, cat) = (await app.CreateUserAsync("ann"), await app.CreateUserAsync("ben"), await app.CreateUserAsync("cat"));
        var nameOf = new[] { ann, ben, cat }.ToDictionary(u => u.Id, u => (string?)u.DisplayName);
        var group = await ann.CreateGroupAsync("Lunch", ben, cat);
        await using var annsLaptop = await ann.ConnectAsync();
        await using var bensPhone = await ben.ConnectAsync();

        // Two rows from one connection: the second carries the name the first read.
        var sent = await annsLaptop.SendAsync(group.Id, "lunch at noon?");
        var edited = await annsLaptop.EditAsync(group.Id, sent.Seq, "lunch at one?");
        var reacted = await bensPhone.ReactAsync(group.Id, sent.Seq, "👍");
        var live = await bensPhone.Messages.WaitUntilAsync(received => received.Any(m => m.Seq == edited.Seq));
        var caughtUp = await bensPhone.GetMessagesAfterAsync(group.Id, 0);
        var history = await cat.GetMessagesAsync(group.Id);
        var listed = (await cat.ListConversationsAsync()).Single(c => c.Id == group.Id).LastMessage!;

        Assert.Equal((MessageKind.Text, ann.DisplayName), (sent.Kind, sent.SenderName));
        Assert.Equal((MessageKind.MessageEdited, ann.DisplayName), (edited.Kind, edited.SenderName));
        Assert.Equal((MessageKind.ReactionAdded, ben.DisplayName), (reacted.Kind, reacted.SenderName));
        Assert.Equal([sent, edited], live.Where(m => m.Seq >= sent.Seq));
        Assert.Equal((sent.Seq, ann.DisplayName), (listed.Seq, listed.SenderName));
        foreach (var page in new[] { caughtUp, history })
        {
            Assert.Equal([MessageKind.GroupCreated, MessageKind.Text, MessageKind.MessageEdited, MessageKind.ReactionAdded], page.Select(m => m.Kind));
            Assert.All(page, m => Assert.Equal(nameOf[m.SenderId], m.SenderName));
        }
    }
}
