using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using ChatBot.Tests.Groups;
using ChatBot.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ChatBot.Tests.Browser;

/// <summary>
/// Three people in their browsers make a group, talk in it, see who read what, and one of them is removed; and a
/// group's rows name people its viewer never saw as members.
/// </summary>
[LongRunning]
public sealed partial class GroupsInTheBrowserTests(ChatApp app, Chromium chromium)
{
    private static readonly ViewportSize Desktop = new() { Width = 1280, Height = 800 };
    private static readonly ViewportSize Phone = new() { Width = 375, Height = 667 };

    [Fact]
    public async Task ThreePeopleMakeAGroupTalkSeeWhoReadWhatAndARemovedMemberReceivesNothingMore()
    {
        // Ann and Ben on desktops, Cat on a phone.
        var ann = await ChatPage.OpenAsync(chromium, app.WebAddress, Desktop);
        var ben = await ChatPage.OpenAsync(chromium, app.WebAddress, Desktop);
        var cat = await ChatPage.OpenAsync(chromium, app.WebAddress, Phone, isMobile: true);
        // Everything Cat's page is told by the hub, frame by frame.
        var catsFrames = new ConcurrentQueue<string>();
        cat.Page.WebSocket += (_, socket) => socket.FrameReceived += (_, frame) => catsFrames.Enqueue(frame.Text ?? "");
        var (annName, benName, catName) = (ChatApp.UniqueUserName("ann"), ChatApp.UniqueUserName("ben"), ChatApp.UniqueUserName("cat"));
        await ann.RegisterAsync(annName, "Ann", ChatApp.Password);
        await ben.RegisterAsync(benName, "Ben", ChatApp.Password);
        await cat.RegisterAsync(catName, "Cat", ChatApp.Password);

        // Ann makes the group: a name, then two people picked with the search.
        await ann.Page.GetByTestId("new-group").ClickAsync();
        await ann.Page.GetByTestId("new-group-name").FillAsync("  Weekend trip ");
        foreach (var name in new[] { benName, catName })
        {
            await ann.Page.GetByTestId("new-group-search").FillAsync(name);
            await ann.Page.Locator($".chat-pick[data-user-name='{name}']").ClickAsync();
        }

        await ann.Page.GetByTestId("create-group").ClickAsync();
        await Expect(ann.Page.GetByTestId("peer-name")).ToHaveTextAsync("Weekend trip");
        await Expect(ann.Page.GetByTestId("peer-status")).ToHaveTextAsync("3 members");
        await Expect(ann.Page.GetByTestId("event")).ToHaveTextAsync("You created the group “Weekend trip”");

        // Ben and Cat see it arrive in their sidebars, unread.
        var bensGroup = Group(ben);
        var catsGroup = Group(cat);
        await Expect(bensGroup.GetByTestId("unread")).ToHaveTextAsync("1");
        await Expect(catsGroup.GetByTestId("unread")).ToHaveTextAsync("1");
        var groupId = await catsGroup.GetAttributeAsync("data-conversation-id");

        // Ann writes; both open the group and read it: Ann sees "Read by 2 of 2", and a click says who.
        await ann.SendAsync("Who is driving?");
        await bensGroup.ClickAsync();
        await Expect(ben.Message("Who is driving?").GetByTestId("sender")).ToHaveTextAsync("Ann");
        await Expect(ann.Message("Who is driving?").GetByTestId("read-by")).ToHaveTextAsync("Read by 1 of 2");
        await catsGroup.ClickAsync();
        await Expect(cat.Message("Who is driving?")).ToBeVisibleAsync();
        var readBy = ann.Message("Who is driving?").GetByTestId("read-by");
        await Expect(readBy).ToHaveTextAsync("Read by 2 of 2");
        await readBy.ClickAsync();
        await Expect(ann.Message("Who is driving?").GetByTestId("readers")).ToHaveTextAsync("Read by Ben, Cat");

        // Typing says who.
        await ben.Composer.PressSequentiallyAsync("I can");
        await Expect(ann.Page.GetByTestId("peer-status")).ToHaveTextAsync("Ben is typing…");
        await cat.Composer.PressSequentiallyAsync("Me too");
        await Expect(ann.Page.GetByTestId("peer-status")).ToHaveTextAsync("Ben and Cat are typing…");
        await ben.Composer.PressAsync("Enter");
        await Expect(cat.Message("I can")).ToBeVisibleAsync();
        await Expect(ann.Message("I can").GetByTestId("sender")).ToHaveTextAsync("Ben");
        await cat.Composer.FillAsync("");

        // Ann removes Cat from the members panel while Cat's tab is open.
        await ann.Page.GetByTestId("members-button").ClickAsync();
        await Expect(ann.Page.GetByTestId("member")).ToHaveCountAsync(3);
        await ann.Page.GetByRole(AriaRole.Button, new() { Name = "Remove Cat" }).ClickAsync();
        await Expect(ann.Page.GetByTestId("member")).ToHaveCountAsync(2);
        await ann.Page.GetByRole(AriaRole.Button, new() { Name = "Close" }).Last.ClickAsync();
        await Expect(cat.Page.GetByTestId("event").Last).ToHaveTextAsync("Ann removed you");
        await Expect(cat.Page.GetByTestId("gone")).ToBeVisibleAsync();
        var removedAt = catsFrames.Count;

        // The group talks on; Ben types. Then Ann writes to Cat directly: once that reaches Cat, whatever
        // of the group's could have reached her has.
        await ann.SendAsync("Cat must not see this");
        await Expect(ben.Message("Cat must not see this")).ToBeVisibleAsync();
        await ben.Composer.PressSequentiallyAsync("typing after");
        await Expect(ann.Page.GetByTestId("peer-status")).ToHaveTextAsync("Ben is typing…");
        await ann.OpenConversationWithAsync(catName);
        await ann.SendAsync("Just to you");
        await Expect(cat.Person(annName).GetByTestId("unread")).ToHaveTextAsync("1");

        var after = catsFrames.Skip(removedAt).ToList();
        Assert.Contains(after, frame => frame.Contains("Just to you", StringComparison.Ordinal));
        Assert.DoesNotContain(after, frame => frame.Contains(groupId!, StringComparison.Ordinal));
        Assert.DoesNotContain(catsFrames, frame => frame.Contains("Cat must not see this", StringComparison.Ordinal));
        await Expect(cat.Message("Who is driving?")).ToBeVisibleAsync();
        await Expect(cat.Message("Cat must not see this")).ToHaveCountAsync(0);

        // After a reload the group is gone from Cat's list; Ben still has it, with Ann's last message.
        await cat.ReloadAsync();
        await Expect(cat.Person(annName)).ToBeVisibleAsync();
        await Expect(Group(cat)).ToHaveCountAsync(0);
        await Expect(Group(ben)).ToContainTextAsync("Ann: Cat must not see this");
    }

    [Fact]
    public async Task EventsNamePeopleTheViewerNeverSawAsMembers()
    {
        var (ann, ben, dan, eve) = (await app.CreateUserAsync("ann"), await app.CreateUserAsync("ben"), await app.CreateUserAsync("dan"), await app.CreateUserAsync("eve"));
        var group = await ann.CreateGroupAsync("Names", ben, dan);
        await ann.AddMembersAsync(group.Id, eve);
        await ann.RemoveMemberAsync(group.Id, eve);
        await ben.LeaveGroupAsync(group.Id);

        // Dan's page comes after they have gone, its people search blocked: only the events can name them.
        var page = await ChatPage.OpenAsync(chromium, app.WebAddress, Desktop);
        await page.Page.RouteAsync(PeopleSearch(), route => route.AbortAsync());
        await page.LogInAsync(dan.UserName, dan.Password);

        await Expect(Group(page, "Names")).ToContainTextAsync($"{ben.DisplayName} left");
        await Group(page, "Names").ClickAsync();
        await Expect(page.Page.GetByTestId("event")).ToHaveTextAsync(
        [
            $"{ann.DisplayName} created the group “Names”",
            $"{ann.DisplayName} added {eve.DisplayName}",
            $"{ann.DisplayName} removed {eve.DisplayName}",
            $"{ben.DisplayName} left",
        ]);
        await Expect(page.Page.GetByTestId("people")).Not.ToContainTextAsync(eve.DisplayName);
    }

    [Fact]
    public async Task AGroupsPreviewNamesWhoWroteLastThoughThePageNeverOpenedTheGroup()
    {
        var (ann, ben, cat) = (await app.CreateUserAsync("ann"), await app.CreateUserAsync("ben"), await app.CreateUserAsync("cat"));
        var group = await ann.CreateGroupAsync("Lunch", ben, cat);
        await using var bensPhone = await ben.ConnectAsync();

        // Cat's page never opens the group, its people search blocked: only the rows themselves can name Ben.
        var page = await ChatPage.OpenAsync(chromium, app.WebAddress, Desktop);
        await page.Page.RouteAsync(PeopleSearch(), route => route.AbortAsync());
        await page.LogInAsync(cat.UserName, cat.Password);
        await Expect(Group(page, "Lunch")).ToContainTextAsync($"{ann.DisplayName} created the group “Lunch”");

        await bensPhone.SendAsync(group.Id, "lunch at noon?");
        await Expect(Group(page, "Lunch")).ToContainTextAsync($"{ben.DisplayName}: lunch at noon?");
        await page.ReloadAsync();
        await Expect(Group(page, "Lunch")).ToContainTextAsync($"{ben.DisplayName}: lunch at noon?");
        await Expect(page.Page.GetByTestId("peer-name")).Not.ToBeVisibleAsync();
    }

    [GeneratedRegex(@"/api/users\?")]
    private static partial Regex PeopleSearch();

    private static ILocator Group(ChatPage page, string name = "Weekend trip") =>
        page.Page.Locator($".chat-person[data-group-name='{name}']");
}
