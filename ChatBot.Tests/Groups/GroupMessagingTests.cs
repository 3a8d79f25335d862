using System.Net;
using ChatBot.ApiService.Hubs;
using ChatBot.ApiService.Messages;
using ChatBot.Data;
using ChatBot.Tests.Infrastructure;
using ChatBot.Tests.Refusals;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;

namespace ChatBot.Tests.Groups;

/// <summary>
/// Talking in a group: the delivery contract for N members, history from joining, receipts and typing per
/// member, and access that follows membership at once. Run on each database: <see cref="OnSqlite"/> and
/// <see cref="OnPostgreSql"/>.
/// </summary>
public abstract class GroupMessagingTests(ChatApp app)
{
    public sealed class OnSqlite(ChatApp app) : GroupMessagingTests(app);

    public sealed class OnPostgreSql(PostgreSqlChatApp app) : GroupMessagingTests(app);

    [Fact]
    public async Task AGroupMessageTakesTheGroupsNextSeqAndReachesEveryDeviceOfEveryMemberOnceInOrder()
    {
        var (ann, ben, cat, group) = await GroupOfThreeAsync();
        await using var annsPhone = await ann.ConnectAsync();
        await using var annsLaptop = await ann.ConnectAsync();
        await using var bensPhone = await ben.ConnectAsync();
        await using var catsPhone = await cat.ConnectAsync();
        await using var catsLaptop = await cat.ConnectAsync();

        var first = await annsPhone.SendAsync(group, "hello all");
        var second = await bensPhone.SendAsync(group, "hi Ann");
        var third = await catsLaptop.SendAsync(group, "hi both");

        Assert.Equal([2L, 3L, 4L], new[] { first, second, third }.Select(m => m.Seq));
        // Every other device gets each message once, in seq order; the sending device has it as its acknowledgement.
        Assert.Equal([second, third], await annsPhone.Messages.WaitForCountAsync(2));
        Assert.Equal([first, second, third], await annsLaptop.Messages.WaitForCountAsync(3));
        Assert.Equal([first, third], await bensPhone.Messages.WaitForCountAsync(2));
        Assert.Equal([first, second, third], await catsPhone.Messages.WaitForCountAsync(3));
        Assert.Equal([first, second], await catsLaptop.Messages.WaitForCountAsync(2));

        // A last message arriving proves no duplicate was still on its way.
        var last = await annsLaptop.SendAsync(group, "last");
        Assert.Equal([first, second, third, last], await catsPhone.Messages.WaitForCountAsync(4));
        Assert.Equal([second, third, last], await annsPhone.Messages.WaitForCountAsync(3));
        Assert.Equal([first, second, third], annsLaptop.Messages.Items);
        Assert.Equal([1L, 2L, 3L, 4L, 5L], (await cat.GetMessagesAsync(group)).Select(m => m.Seq));
    }

    [Fact]
    public async Task AMemberAddedLaterSeesTheGroupFromWhenTheyJoined()
    {
        var (ann, ben, _, group) = await GroupOfThreeAsync();
        await using var annsDevice = await ann.ConnectAsync();
        await annsDevice.SendAsync(group, "before Dan");
        await annsDevice.SendAsync(group, "still before Dan");
        var dan = await app.CreateUserAsync("dan");
        await using var dansDevice = await dan.ConnectAsync();

        var added = Assert.Single(await ann.AddMembersAsync(group, dan));
        var after = await annsDevice.SendAsync(group, "welcome Dan");

        Assert.Equal([added.Seq, after.Seq], (await dan.GetMessagesAsync(group)).Select(m => m.Seq));
        Assert.Equal([added.Seq, after.Seq], (await dansDevice.GetMessagesAfterAsync(group, 0)).Select(m => m.Seq));
        Assert.Equal([added, after], await dansDevice.Messages.WaitForCountAsync(2));
        Assert.Empty(await dan.GetMessagesAsync(group, $"?before={added.Seq}"));
        var summary = await dan.SummaryAsync(group);
        Assert.Equal((added.Seq, after.Seq, 2L), (summary.JoinedSeq, summary.LastSeq, summary.UnreadCount));
    }

    [Fact]
    public async Task ReadAndDeliveredPositionsAreKeptPerMemberAndToldToEveryMember()
    {
        var (ann, ben, cat, group) = await GroupOfThreeAsync();
        await using var annsDevice = await ann.ConnectAsync();
        await using var bensDevice = await ben.ConnectAsync();
        await using var catsDevice = await cat.ConnectAsync();
        var sent = await annsDevice.SendAsync(group, "read me");

        await bensDevice.Hub.InvokeAsync(nameof(ChatHub.MarkRead), group, sent.Seq, TestContext.Current.CancellationToken);
        await catsDevice.Hub.InvokeAsync(nameof(ChatHub.MarkDelivered), group, sent.Seq, TestContext.Current.CancellationToken);

        Assert.Equal(new Receipt(group, ben.Id, sent.Seq), await annsDevice.Reads.WaitForAsync(r => r.ConversationId == group));
        Assert.Equal(new Receipt(group, cat.Id, sent.Seq), await annsDevice.Deliveries.WaitForAsync(r => r.UserId == cat.Id));
        Assert.Equal(new Receipt(group, ben.Id, sent.Seq), await catsDevice.Reads.WaitForAsync(r => r.ConversationId == group));
        var members = (await ann.MembersAsync(group)).ToDictionary(m => m.User.Id);
        Assert.Equal((sent.Seq, sent.Seq), (members[ann.Id].LastReadSeq, members[ann.Id].LastDeliveredSeq));
        Assert.Equal((sent.Seq, sent.Seq), (members[ben.Id].LastReadSeq, members[ben.Id].LastDeliveredSeq));
        Assert.Equal((0L, sent.Seq), (members[cat.Id].LastReadSeq, members[cat.Id].LastDeliveredSeq));
        Assert.Equal((0L, 2L, 0L), ((await ann.SummaryAsync(group)).UnreadCount, (await cat.SummaryAsync(group)).UnreadCount, (await ben.SummaryAsync(group)).UnreadCount));
    }

    [Fact]
    public async Task TypingIsToldWithWhoIsTypingToTheOtherMembersWatchingTheGroup()
    {
        var (ann, ben, cat, group) = await GroupOfThreeAsync();
        await using var annsDevice = await ann.ConnectAsync();
        await using var bensDevice = await ben.ConnectAsync();
        await using var catsDevice = await cat.ConnectAsync();
        foreach (var device in new[] { annsDevice, bensDevice, catsDevice })
        {
            await device.Hub.InvokeAsync(nameof(ChatHub.JoinConversation), group, TestContext.Current.CancellationToken);
        }

        await bensDevice.Hub.InvokeAsync(nameof(ChatHub.Typing), group, TestContext.Current.CancellationToken);
        await catsDevice.Hub.InvokeAsync(nameof(ChatHub.Typing), group, TestContext.Current.CancellationToken);

        Assert.Equal([ben.Id, cat.Id], (await annsDevice.Typing.WaitForCountAsync(2)).Select(t => t.UserId));
        Assert.Equal([cat.Id], (await bensDevice.Typing.WaitForCountAsync(1)).Select(t => t.UserId));
        Assert.Equal([ben.Id], (await catsDevice.Typing.WaitForCountAsync(1)).Select(t => t.UserId));
    }

    [Fact]
    public async Task ARemovedMembersOpenConnectionsStopReceivingTheGroupsMessagesAndTypingAtOnce()
    {
        var (ann, ben, cat, group) = await GroupOfThreeAsync();
        var direct = (await cat.OpenConversationWithAsync(ben)).Id;
        await using var annsDevice = await ann.ConnectAsync();
        await using var bensDevice = await ben.ConnectAsync();
        await using var catsDevice = await cat.ConnectAsync();
        await bensDevice.Hub.InvokeAsync(nameof(ChatHub.JoinConversation), group, TestContext.Current.CancellationToken);
        var before = await catsDevice.SendAsync(group, "Ben still sees this");

        var removed = Assert.Single(await ann.RemoveMemberAsync(group, ben));
        var after = await catsDevice.SendAsync(group, "Ben must not see this");
        await catsDevice.Hub.InvokeAsync(nameof(ChatHub.Typing), group, TestContext.Current.CancellationToken);
        await annsDevice.Hub.InvokeAsync(nameof(ChatHub.Typing), group, TestContext.Current.CancellationToken);
        var sentinel = await catsDevice.SendAsync(direct, "sent after all of it");

        // The direct message comes after anything of the group's could have: by then nothing more of it arrived.
        await bensDevice.Messages.WaitForAsync(m => m.ConversationId == direct);
        Assert.Equal([before, removed, sentinel], bensDevice.Messages.Items);
        Assert.Empty(bensDevice.Typing.Items);
        Assert.Equal(after, await annsDevice.Messages.WaitForAsync(m => m.Seq == after.Seq));
    }

    [Fact]
    public async Task AfterRemovalEveryCallAboutTheGroupIsAnsweredNotFoundOverRestAndHub()
    {
        var (ann, ben, _, group) = await GroupOfThreeAsync();
        await using var bensDevice = await ben.ConnectAsync();
        await ann.RemoveMemberAsync(group, ben);

        foreach (var (method, path, body) in new (HttpMethod, string, object?)[]
        {
            (HttpMethod.Get, $"/api/conversations/{group}", null),
            (HttpMethod.Get, $"/api/conversations/{group}/messages", null),
            (HttpMethod.Get, $"/api/conversations/{group}/messages?after=0", null),
            (HttpMethod.Get, $"/api/conversations/{group}/members", null),
            (HttpMethod.Put, $"/api/conversations/{group}/name", new { name = "Ben's now" }),
            (HttpMethod.Post, $"/api/conversations/{group}/leave", null),
            (HttpMethod.Post, $"/api/conversations/{group}/members", new { userIds = new[] { ann.Id } }),
        })
        {
            var refused = await ben.RefusedAsync(method, path, body);
            Assert.True(
                (refused.Status, refused.Code, refused.Detail) == (HttpStatusCode.NotFound, "not_found", "Conversation not found."),
                $"{method} {path}: {refused.Problem}");
        }

        foreach (var (name, call) in new (string, Func<Task>)[]
        {
            ("SendMessage", () => bensDevice.SendAsync(group, "still here?")),
            ("GetMessagesAfter", () => bensDevice.GetMessagesAfterAsync(group, 0)),
            ("JoinConversation", () => bensDevice.Hub.InvokeAsync(nameof(ChatHub.JoinConversation), group)),
            ("Typing", () => bensDevice.Hub.InvokeAsync(nameof(ChatHub.Typing), group)),
            ("MarkRead", () => bensDevice.Hub.InvokeAsync(nameof(ChatHub.MarkRead), group, 1L)),
            ("MarkDelivered", () => bensDevice.Hub.InvokeAsync(nameof(ChatHub.MarkDelivered), group, 1L)),
        })
        {
            var refused = HubRefusal.Of(await Assert.ThrowsAsync<HubException>(call));
            Assert.True((refused.Code, refused.Message) == ("not_found", "Conversation not found."), $"{name}: {refused.Json}");
        }

        Assert.DoesNotContain(await ben.ListConversationsAsync(), c => c.Id == group);
        await using var db = app.CreateDbContext();
        Assert.False(await db.Messages.AnyAsync(m => m.ConversationId == group && m.SenderId == ben.Id && m.Kind == MessageKind.Text, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task ASendRacingTheSendersRemovalIsStoredBeforeItOrRefusedNeverAfter()
    {
        var (ann, ben, cat, group) = await GroupOfThreeAsync();
        await using var bensDevice = await ben.ConnectAsync();
        await using var catsDevice = await cat.ConnectAsync();

        var sends = Enumerable.Range(0, 20).Select(async i =>
        {
            try
            {
                return await bensDevice.SendAsync(group, $"racing {i}");
            }
            catch (HubException refused)
            {
                Assert.Equal("not_found", HubRefusal.Of(refused).Code);
                return null;
            }
        }).ToList();
        var removed = Assert.Single(await ann.RemoveMemberAsync(group, ben));
        var stored = (await Task.WhenAll(sends)).OfType<MessageDto>().ToList();

        Assert.All(stored, m => Assert.True(m.Seq < removed.Seq, $"message {m.Seq} was stored after the removal at {removed.Seq}"));
        var history = await cat.GetMessagesAsync(group);
        Assert.Equal(Enumerable.Range(1, (int)removed.Seq).Select(i => (long)i), history.Select(m => m.Seq));
        Assert.Equal(stored.Select(m => m.Seq).Order(), history.Where(m => m.Kind == MessageKind.Text).Select(m => m.Seq));
        var refusedAfter = await Assert.ThrowsAsync<HubException>(() => bensDevice.SendAsync(group, "too late"));
        Assert.Equal("not_found", HubRefusal.Of(refusedAfter).Code);
        // Cat received every stored message and the removal, once each. Live, their order is their fan-outs'
        // (the hub's for a message, the REST call's for the removal, racing): a client orders them by seq.
        Assert.Equal(history.Skip(1).Select(m => m.Seq), (await catsDevice.Messages.WaitForCountAsync(history.Count - 1)).Select(m => m.Seq).Order());
    }

    [Fact]
    public async Task TheSidebarListsGroupsAndDirectConversationsTogetherByLastActivity()
    {
        var (ann, ben, cat, group) = await GroupOfThreeAsync();
        var direct = (await ann.OpenConversationWithAsync(ben)).Id;
        await using var annsDevice = await ann.ConnectAsync();
        await using var catsDevice = await cat.ConnectAsync();

        await annsDevice.SendAsync(direct, "just us");
        var groupFirst = (await cat.ListConversationsAsync()).Select(c => c.Id).ToList();
        var directFirst = (await ann.ListConversationsAsync()).Select(c => c.Id).ToList();
        await catsDevice.SendAsync(group, "and now the group");
        var groupAgain = (await ann.ListConversationsAsync()).Select(c => c.Id).ToList();

        Assert.Equal([group], groupFirst);
        Assert.Equal([direct, group], directFirst);
        Assert.Equal([group, direct], groupAgain);
        var listed = (await ben.ListConversationsAsync()).Single(c => c.Id == group);
        Assert.Equal(("Friends", 3, 2L), (listed.Name, listed.MemberCount, listed.UnreadCount));
    }

    private async Task<(TestUser Ann, TestUser Ben, TestUser Cat, Guid Group)> GroupOfThreeAsync()
    {
        var (ann, ben, cat) = (await app.CreateUserAsync("ann"), await app.CreateUserAsync("ben"), await app.CreateUserAsync("cat"));
        var group = await ann.CreateGroupAsync("Friends", ben, cat);
        return (ann, ben, cat, group.Id);
    }
}
