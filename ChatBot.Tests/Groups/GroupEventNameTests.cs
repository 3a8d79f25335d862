using ChatBot.ApiService.Messages;
using ChatBot.Data;
using ChatBot.Tests.Infrastructure;

namespace ChatBot.Tests.Groups;

/// <summary>
/// A group's events name the people they are about, wherever a client gets them (the change's answer, live,
/// history, catch-up, the sidebar's preview): a member can tell who came and went though they never saw
/// them in the member list. Run on each database: <see cref="OnSqlite"/> and <see cref="OnPostgreSql"/>.
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
    public async Task AMessageCarriesNoNamesOnlyAnEventDoes()
    {
        var (ann, ben, cat) = (await app.CreateUserAsync("ann"), await app.CreateUserAsync("ben"), await app.CreateUserAsync("cat"));
        var group = await ann.CreateGroupAsync("Quiet", ben, cat);
        await using var annsLaptop = await ann.ConnectAsync();

        var sent = await annsLaptop.SendAsync(group.Id, "hello");
        var read = (await ben.GetMessagesAsync(group.Id)).Single(m => m.Seq == sent.Seq);

        Assert.Equal((MessageKind.Text, null, null), (sent.Kind, sent.SenderName, sent.SubjectName));
        Assert.Equal((MessageKind.Text, null, null), (read.Kind, read.SenderName, read.SubjectName));
    }
}
