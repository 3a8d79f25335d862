using System.Net.Http.Json;
using ChatBot.ApiService.Conversations;
using ChatBot.ApiService.Messages;
using ChatBot.Data;
using ChatBot.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace ChatBot.Tests.Groups;

/// <summary>Making and managing groups. Run on each database: <see cref="OnSqlite"/> and <see cref="OnPostgreSql"/>.</summary>
public abstract class GroupManagementTests(ChatApp app)
{
    public sealed class OnSqlite(ChatApp app) : GroupManagementTests(app);

    public sealed class OnPostgreSql(PostgreSqlChatApp app) : GroupManagementTests(app);

    [Fact]
    public async Task AGroupIsCreatedWithATrimmedNameItsCreatorAsFirstAdminAndACreatedEventAtSeqOne()
    {
        var (ann, ben, cat) = await ThreePeopleAsync();

        var group = await ann.CreateGroupAsync("  Weekend trip \n", ben, cat);

        Assert.Equal((ConversationKind.Group, "Weekend trip", 3, MemberRole.Admin), (group.Kind, group.Name, group.MemberCount, group.Role));
        Assert.Null(group.Peer);
        Assert.Equal((1L, 1L, 0L, 1L), (group.LastSeq, group.LastReadSeq, group.UnreadCount, group.JoinedSeq));
        Assert.Equal((MessageKind.GroupCreated, ann.Id, "Weekend trip"), (group.LastMessage!.Kind, group.LastMessage.SenderId, group.LastMessage.Body));
        // Admins first, then in the order they joined (by name among those who joined together).
        var members = await ben.MembersAsync(group.Id);
        Assert.Equal([(ann.Id, MemberRole.Admin), (ben.Id, MemberRole.Member), (cat.Id, MemberRole.Member)], members.Select(m => (m.User.Id, m.Role)));
        var bensView = await ben.SummaryAsync(group.Id);
        Assert.Equal((1L, 0L, 1L, MemberRole.Member), (bensView.LastSeq, bensView.LastReadSeq, bensView.UnreadCount, bensView.Role));
    }

    [Fact]
    public async Task EveryMembersDevicesReceiveTheGroupsCreationLive()
    {
        var (ann, ben, cat) = await ThreePeopleAsync();
        await using var bensPhone = await ben.ConnectAsync();
        await using var catsLaptop = await cat.ConnectAsync();
        await using var annsPhone = await ann.ConnectAsync();

        var group = await ann.CreateGroupAsync("Live", ben, cat);

        foreach (var device in new[] { bensPhone, catsLaptop, annsPhone })
        {
            var created = await device.Messages.WaitForAsync(m => m.ConversationId == group.Id);
            Assert.Equal((1L, MessageKind.GroupCreated, "Live"), (created.Seq, created.Kind, created.Body));
        }
    }

    [Fact]
    public async Task ARenameIsAnEventInTheStreamThatEveryMemberReceivesLive()
    {
        var (ann, ben, cat) = await ThreePeopleAsync();
        var group = await ann.CreateGroupAsync("Old name", ben, cat);
        await using var catsDevice = await cat.ConnectAsync();

        var events = await ben.RenameGroupAsync(group.Id, " New name ");

        var renamed = Assert.Single(events);
        Assert.Equal((2L, MessageKind.GroupRenamed, ben.Id, "New name"), (renamed.Seq, renamed.Kind, renamed.SenderId, renamed.Body));
        Assert.Equal(renamed, await catsDevice.Messages.WaitForAsync(m => m.ConversationId == group.Id));
        Assert.Equal("New name", (await ann.SummaryAsync(group.Id)).Name);
        Assert.Empty(await ben.RenameGroupAsync(group.Id, "New name"));
    }

    [Fact]
    public async Task AnAdminAddsPeopleWhoJoinTogetherAndEveryoneIsToldOfEach()
    {
        var (ann, ben, cat) = await ThreePeopleAsync();
        var group = await ann.CreateGroupAsync("Growing", ben, cat);
        var dan = await app.CreateUserAsync("dan");
        var eve = await app.CreateUserAsync("eve");
        await using var bensDevice = await ben.ConnectAsync();
        await using var dansDevice = await dan.ConnectAsync();

        var events = await ann.AddMembersAsync(group.Id, dan, eve);

        Assert.Equal([(2L, dan.Id), (3L, eve.Id)], events.Select(e => (e.Seq, e.SubjectId)));
        Assert.All(events, e => Assert.Equal((MessageKind.MemberAdded, ann.Id), (e.Kind, e.SenderId)));
        Assert.Equal(events, await bensDevice.Messages.WaitForCountAsync(2));
        Assert.Equal(events, await dansDevice.Messages.WaitForCountAsync(2));
        var dansView = await dan.SummaryAsync(group.Id);
        Assert.Equal((2L, 3L, 2L, 5), (dansView.JoinedSeq, dansView.LastSeq, dansView.UnreadCount, dansView.MemberCount));
    }

    [Fact]
    public async Task AnAdminRemovesAMemberWhoseDevicesAreToldAndWhoseListNoLongerHasTheGroup()
    {
        var (ann, ben, cat) = await ThreePeopleAsync();
        var group = await ann.CreateGroupAsync("Shrinking", ben, cat);
        await using var bensDevice = await ben.ConnectAsync();
        await using var catsDevice = await cat.ConnectAsync();

        var removed = Assert.Single(await ann.RemoveMemberAsync(group.Id, ben));

        Assert.Equal((2L, MessageKind.MemberRemoved, ann.Id, ben.Id), (removed.Seq, removed.Kind, removed.SenderId, removed.SubjectId));
        Assert.Equal(removed, await bensDevice.Messages.WaitForAsync(m => m.ConversationId == group.Id));
        Assert.Equal(removed, await catsDevice.Messages.WaitForAsync(m => m.ConversationId == group.Id));
        Assert.DoesNotContain(await ben.ListConversationsAsync(), c => c.Id == group.Id);
        Assert.Equal([ann.Id, cat.Id], (await cat.MembersAsync(group.Id)).Select(m => m.User.Id));
    }

    [Fact]
    public async Task AnAdminMakesAnotherAdminWhoMayThenManageMembers()
    {
        var (ann, ben, cat) = await ThreePeopleAsync();
        var group = await ann.CreateGroupAsync("Shared duty", ben, cat);

        var made = Assert.Single(await ann.MakeAdminAsync(group.Id, ben));
        var removed = Assert.Single(await ben.RemoveMemberAsync(group.Id, cat));

        Assert.Equal((MessageKind.AdminMade, ann.Id, ben.Id), (made.Kind, made.SenderId, made.SubjectId));
        Assert.Equal((MessageKind.MemberRemoved, ben.Id, cat.Id), (removed.Kind, removed.SenderId, removed.SubjectId));
        Assert.Equal(MemberRole.Admin, (await ben.SummaryAsync(group.Id)).Role);
    }

    [Fact]
    public async Task AnyoneMayLeaveAndTheLastAdminToLeaveHandsAdminToTheLongestStandingMember()
    {
        var (ann, ben, cat) = await ThreePeopleAsync();
        var dan = await app.CreateUserAsync("dan");
        var group = await ann.CreateGroupAsync("Handover", ben, cat);
        var catLeft = Assert.Single(await cat.LeaveGroupAsync(group.Id));
        await ann.AddMembersAsync(group.Id, dan);
        await ann.AddMembersAsync(group.Id, cat);
        await using var dansDevice = await dan.ConnectAsync();

        var annLeft = await ann.LeaveGroupAsync(group.Id);
        var benLeft = await ben.LeaveGroupAsync(group.Id);

        Assert.Equal((MessageKind.MemberLeft, cat.Id), (catLeft.Kind, catLeft.SenderId));
        // Ben has been in the group since it began: he takes over from Ann.
        Assert.Equal([(MessageKind.MemberLeft, ann.Id, (string?)null), (MessageKind.AdminMade, ann.Id, ben.Id)],
            annLeft.Select(e => (e.Kind, e.SenderId, e.SubjectId)));
        // Then Dan, who joined before Cat came back (she was there at the start, but left): since they joined counts.
        Assert.Equal([(MessageKind.MemberLeft, ben.Id, (string?)null), (MessageKind.AdminMade, ben.Id, dan.Id)],
            benLeft.Select(e => (e.Kind, e.SenderId, e.SubjectId)));
        Assert.Equal([.. annLeft, .. benLeft], await dansDevice.Messages.WaitForCountAsync(4));
        var members = await dan.MembersAsync(group.Id);
        Assert.Equal([(dan.Id, MemberRole.Admin), (cat.Id, MemberRole.Member)], members.Select(m => (m.User.Id, m.Role)));
        Assert.DoesNotContain(await ann.ListConversationsAsync(), c => c.Id == group.Id);
        Assert.DoesNotContain(await ben.ListConversationsAsync(), c => c.Id == group.Id);
    }

    [Fact]
    public async Task AMemberWhoLeavesIsToldOnTheirOwnDevicesOfTheirLeavingButOfNothingAfter()
    {
        var (ann, ben, cat) = await ThreePeopleAsync();
        var group = await ann.CreateGroupAsync("Handover", ben, cat);
        await using var annsOtherDevice = await ann.ConnectAsync();

        var events = await ann.LeaveGroupAsync(group.Id);
        var afterwards = Assert.Single(await ben.RenameGroupAsync(group.Id, "Without Ann"));

        Assert.Equal([MessageKind.MemberLeft, MessageKind.AdminMade], events.Select(e => e.Kind));
        Assert.Equal(events[0], await annsOtherDevice.Messages.WaitForAsync(m => m.ConversationId == group.Id));
        // Her own direct conversation's message, sent after, arrives after anything of the group would have.
        var direct = (await cat.OpenConversationWithAsync(ann)).Id;
        await using (var catsDevice = await cat.ConnectAsync())
        {
            await catsDevice.SendAsync(direct, "still friends");
        }

        await annsOtherDevice.Messages.WaitForAsync(m => m.ConversationId == direct);
        Assert.Equal([events[0].Seq], annsOtherDevice.Messages.Items.Where(m => m.ConversationId == group.Id).Select(m => m.Seq));
        Assert.Equal(4, afterwards.Seq);
    }

    [Fact]
    public async Task AGroupHasAtMostAHundredMembers()
    {
        var (ann, ben, cat) = await ThreePeopleAsync();
        var crowd = await PeopleAsync(98);
        using var created = await ann.CallAsync(HttpMethod.Post, "/api/conversations/groups", new { name = "Full house", memberIds = crowd.Append(ben.Id) });
        var group = (await created.Content.ReadFromJsonAsync<ConversationSummary>(Json.Options, TestContext.Current.CancellationToken))!;

        var refused = await ann.RefusedAsync(HttpMethod.Post, $"/api/conversations/{group.Id}/members", new { userIds = new[] { cat.Id } });
        await ben.LeaveGroupAsync(group.Id);
        var added = await ann.AddMembersAsync(group.Id, cat);

        Assert.Equal(100, group.MemberCount);
        Assert.Equal(("invalid_group_size", 100), (refused.Code, refused.Problem.GetProperty("maxMembers").GetInt32()));
        Assert.Equal("A group has at most 100 people; this would make 101.", refused.Detail);
        Assert.Equal(MessageKind.MemberAdded, Assert.Single(added).Kind);
        await using var db = app.CreateDbContext();
        Assert.Equal(100, await db.ConversationMembers.CountAsync(m => m.ConversationId == group.Id, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task DirectConversationsStayAsTheyAre()
    {
        var (ann, ben, _) = await ThreePeopleAsync();
        var direct = await ann.OpenConversationWithAsync(ben);

        var rename = await ann.RefusedAsync(HttpMethod.Put, $"/api/conversations/{direct.Id}/name", new { name = "Us" });
        var leave = await ann.RefusedAsync(HttpMethod.Post, $"/api/conversations/{direct.Id}/leave");
        var members = await ann.MembersAsync(direct.Id);

        Assert.Equal((ConversationKind.Direct, ben.Id, (string?)null), (direct.Kind, direct.Peer!.Id, direct.Name));
        Assert.Equal(("invalid_argument", "That conversation is not a group."), (rename.Code, rename.Detail));
        Assert.Equal("invalid_argument", leave.Code);
        Assert.Equal(new[] { ann.Id, ben.Id }.Order(), members.Select(m => m.User.Id).Order());
        Assert.Equal(direct.Id, (await ann.OpenConversationWithAsync(ben)).Id);
    }

    /// <summary>People who exist but never sign in, made straight in the database: hashing their passwords would take longer than the test.</summary>
    private async Task<string[]> PeopleAsync(int count)
    {
        await using var db = app.CreateDbContext();
        var people = Enumerable.Range(0, count).Select(_ => ChatApp.UniqueUserName("crowd")).Select(name => new ChatUser
        {
            UserName = name,
            NormalizedUserName = ChatUser.Normalize(name),
            DisplayName = name,
            SecurityStamp = Guid.NewGuid().ToString(),
            CreatedAt = DateTimeOffset.UtcNow,
        }).ToList();
        db.Users.AddRange(people);
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        return [.. people.Select(p => p.Id)];
    }

    private async Task<(TestUser Ann, TestUser Ben, TestUser Cat)> ThreePeopleAsync() =>
        (await app.CreateUserAsync("ann"), await app.CreateUserAsync("ben"), await app.CreateUserAsync("cat"));
}
