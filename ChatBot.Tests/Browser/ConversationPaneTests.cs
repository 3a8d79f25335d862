using ChatBot.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ChatBot.Tests.Browser;

/// <summary>The open conversation: history paging, scrolling, and the composer's limits.</summary>
[LongRunning]
public sealed class ConversationPaneTests(ChatApp app, Chromium chromium)
{
    private static readonly ViewportSize Desktop = new() { Width = 1024, Height = 700 };
    private static readonly ViewportSize Phone = new() { Width = 375, Height = 667 };

    [Fact]
    public async Task ScrollingUpLoadsOlderPagesUntilTheBeginning()
    {
        var (alice, bob, _) = await app.ReadConversationWithMessagesAsync(120);
        var page = await SignedInAsync(bob);

        await page.Person(alice.UserName).ClickAsync();
        await Expect(page.Messages).ToHaveCountAsync(50);
        await Expect(page.Messages.First).ToHaveAttributeAsync("data-seq", "71");
        // It opens at its newest message. The rows show a moment before the pane is scrolled down to it: a scroll
        // before then is undone by it.
        await Expect(Row(page, 120)).ToBeInViewportAsync();

        // Each page comes above the reader's place, which stays: the row that was at the top is still in view.
        // Flung to the very top, then scrolled near it, where the browser's scroll anchoring keeps a place too.
        await ScrollToAsync(page, 0);
        await Expect(page.Messages).ToHaveCountAsync(100);
        await Expect(Row(page, 71)).ToBeInViewportAsync();
        await ScrollToAsync(page, 30);
        await Expect(page.Messages).ToHaveCountAsync(120);
        await Expect(Row(page, 21)).ToBeInViewportAsync();

        await Expect(page.Messages.First).ToHaveAttributeAsync("data-seq", "1");
        await Expect(page.Messages.Last).ToHaveAttributeAsync("data-seq", "120");
        await Expect(page.Page.GetByText("This is the beginning of your conversation")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task AConversationOpenedFromAPersonFoundOpensAtItsNewestMessage()
    {
        // The list of conversations is slow to come: the person is found first, and the row clicked gives way to the
        // conversation's own as it opens. The page is slow to start too: the name is typed before it asks for its lists.
        var (alice, bob, _) = await app.ReadConversationWithMessagesAsync(60);
        var page = await ChatPage.OpenAsync(chromium, app.WebAddress, Desktop);
        var listHeld = new TaskCompletionSource();
        await page.HoldRequestsAsync("**/api/conversations", listHeld.Task);
        var typed = new TaskCompletionSource();
        page.Page.Request += (_, request) =>
        {
            if (request.Url.Contains($"/api/users?search={alice.UserName}", StringComparison.Ordinal))
            {
                typed.TrySetResult();
            }
        };
        await page.HoldRequestsAsync("**/api/limits", typed.Task);
        try
        {
            await page.LogInAsync(bob.UserName, bob.Password);
            await page.OpenConversationWithAsync(alice.UserName);

            await Expect(page.Messages).ToHaveCountAsync(50);
            await Expect(Row(page, 60)).ToBeInViewportAsync();
            await Expect(page.Composer).ToBeFocusedAsync();
        }
        finally
        {
            listHeld.SetResult();
        }
    }

    [Theory]
    [InlineData(1280)]
    [InlineData(375)]
    public async Task UnreadMessagesOpenUnderTheNewMessagesLineAndAreReadAsTheyComeIntoView(int width)
    {
        // Bob has read the first 40 on another device; Alice writes 80 more while he is away.
        var (alice, bob, conversation) = await app.ReadConversationWithMessagesAsync(40);
        await using (var aliceDevice = await alice.ConnectAsync())
        {
            for (var i = 41; i <= 120; i++)
            {
                await aliceDevice.SendAsync(conversation, $"message {i}");
            }
        }

        var page = await SignedInAsync(bob, width);
        var unread = page.Person(alice.UserName).GetByTestId("unread");
        await Expect(unread).ToHaveTextAsync("80");
        await page.Person(alice.UserName).ClickAsync();

        // The line is at the top, the first unread message under it, what was read before it above.
        var line = page.Page.GetByTestId("unread-divider");
        await Expect(line).ToHaveCountAsync(1);
        await Expect(line).ToBeInViewportAsync();
        await Expect(line).ToHaveAccessibleNameAsync("New messages");
        await Expect(page.Page.Locator(".chat-row:has([data-testid=unread-divider]) .chat-message")).ToHaveAttributeAsync("data-seq", "41");
        await Expect(Row(page, 41)).ToBeInViewportAsync();
        await Expect(Row(page, 40)).ToHaveCountAsync(1);

        // What comes into view is read; what is below it is not, until he goes there.
        await Poll.UntilAsync(async () => await LastReadAsync(bob, conversation) > 40, EventLog<object>.DefaultTimeout, "the messages in view to be read");
        Assert.InRange(await LastReadAsync(bob, conversation), 41, 119);
        await Expect(page.Page.GetByTestId("jump-to-latest")).ToBeVisibleAsync();
        await page.Page.GetByTestId("jump-to-latest").ClickAsync();
        await Expect(page.Messages.Last).ToHaveAttributeAsync("data-seq", "120");
        await Poll.UntilAsync(async () => await LastReadAsync(bob, conversation) == 120, EventLog<object>.DefaultTimeout, "every message to be read");
        await Expect(unread).ToBeHiddenAsync();
    }

    [Fact]
    public async Task NewMessagesScrollThePaneOnlyWhenItIsAtTheBottom()
    {
        var (alice, bob, conversation) = await app.ReadConversationWithMessagesAsync(60);
        var page = await SignedInAsync(bob);
        await page.Person(alice.UserName).ClickAsync();
        await Expect(page.Messages).ToHaveCountAsync(50);
        await using var aliceDevice = await alice.ConnectAsync();

        await aliceDevice.SendAsync(conversation, "seen at once");
        await Expect(page.Message("seen at once")).ToBeInViewportAsync();

        var pane = page.Page.GetByTestId("messages");
        await pane.EvaluateAsync("pane => { pane.scrollTop = 300; pane.dispatchEvent(new Event('scroll')); }");
        await aliceDevice.SendAsync(conversation, "read later");
        await Expect(page.Message("read later")).ToHaveCountAsync(1);

        Assert.Equal(300, await pane.EvaluateAsync<int>("pane => Math.round(pane.scrollTop)"));
        await Expect(page.Message("read later")).Not.ToBeInViewportAsync();
    }

    [Fact]
    public async Task OnAPhoneTheKeysTypedStraightAfterCtrlKGoToTheSearchBoxHoweverLateThePagesTimers()
    {
        // On a phone the box is hidden behind the open conversation until the key shows it. It takes the focus as
        // soon as it shows, before the next key comes: not on a timer, which a quick typist beats.
        var (alice, bob, _) = await app.ReadConversationWithMessagesAsync(3);
        var page = await SignedInAsync(bob, 375);
        await page.Person(alice.UserName).ClickAsync();
        await Expect(page.Messages).ToHaveCountAsync(3);
        await page.Page.Clock.InstallAsync();
        await page.Page.Clock.PauseAtAsync(DateTime.Now.AddSeconds(1));

        await page.Page.Keyboard.PressAsync("Control+K");
        await page.Page.Keyboard.TypeAsync("message");

        await Expect(page.Page.GetByTestId("message-search")).ToHaveValueAsync("message");
        await Expect(page.Composer).ToHaveValueAsync("");
    }

    [Fact]
    public async Task AnEmptyOrTooLongMessageIsExplainedAndNotSent()
    {
        var (alice, bob, _) = await app.ConversationWithMessagesAsync(1);
        var page = await SignedInAsync(bob);
        await page.Person(alice.UserName).ClickAsync();
        await Expect(page.Messages).ToHaveCountAsync(1);

        await page.SendAsync("   ");
        await Expect(page.Page.GetByTestId("composer-error")).ToHaveTextAsync("A message cannot be empty.");

        await page.Composer.FillAsync(new string('z', 4001));
        await page.Composer.PressAsync("Enter");
        await Expect(page.Page.GetByTestId("composer-error")).ToHaveTextAsync("A message has at most 4000 characters; this one has 4001.");

        await Expect(page.Messages).ToHaveCountAsync(1);
        await using var db = app.CreateDbContext();
        Assert.Equal(1, db.Messages.Count(m => m.SenderId == bob.Id || m.SenderId == alice.Id));
    }

    [Fact]
    public async Task MessagesAreShownAsTextNeverAsMarkup()
    {
        var (alice, bob, conversation) = await app.ConversationWithMessagesAsync(0);
        await using var aliceDevice = await alice.ConnectAsync();
        const string markup = "<img src=x onerror=\"document.title='pwned'\"><b>bold</b>";
        await aliceDevice.SendAsync(conversation, markup);
        var page = await SignedInAsync(bob);

        await page.Person(alice.UserName).ClickAsync();

        await Expect(page.Messages.Locator(".chat-bubble")).ToHaveTextAsync(markup);
        await Expect(page.Messages.Locator("img, b")).ToHaveCountAsync(0);
        Assert.NotEqual("pwned", await page.Page.TitleAsync());
    }

    [Fact]
    public async Task LoggingOutEndsTheSession()
    {
        var (_, bob, _) = await app.ConversationWithMessagesAsync(0);
        var page = await SignedInAsync(bob);

        await page.Page.GetByRole(AriaRole.Button, new() { Name = "Log out", Exact = true }).ClickAsync();
        // The form's answer and the page, hearing its session end on the hub, both go to the login; either may be first.
        await Expect(page.Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/Account/Login(\\?ReturnUrl=%2F)?$"));
        await page.Page.GotoAsync("/");

        await Expect(page.Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/Account/Login\\?ReturnUrl=%2F$"));
    }

    [Fact]
    public async Task APageWhoseSessionEndsElsewhereGoesToTheLoginPage()
    {
        var (_, bob, _) = await app.ConversationWithMessagesAsync(0);
        var desktop = await SignedInAsync(bob);
        var phone = await SignedInAsync(bob);

        await phone.Page.GetByRole(AriaRole.Button, new() { Name = "Log out everywhere" }).ClickAsync();

        // The phone's own page hears its session end too: the form's answer or the page itself takes it to the login.
        await Expect(phone.Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/Account/Login(\\?ReturnUrl=%2F)?$"));
        await Expect(desktop.Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/Account/Login\\?ReturnUrl=%2F$"));
    }

    private async Task<ChatPage> SignedInAsync(TestUser user, int width = 1024)
    {
        var page = await ChatPage.OpenAsync(chromium, app.WebAddress, width switch
        {
            < 768 => Phone,
            1024 => Desktop,
            _ => new ViewportSize { Width = width, Height = 800 },
        }, isMobile: width < 768);
        await page.LogInAsync(user.UserName, user.Password);
        await Expect(page.Page.GetByTestId("signed-in-as")).ToHaveTextAsync(user.DisplayName);
        return page;
    }

    private static ILocator Row(ChatPage page, long seq) => page.Page.Locator($".chat-message[data-seq='{seq}']");

    /// <summary>How far the person has read the conversation, as the server has it.</summary>
    private async Task<long> LastReadAsync(TestUser user, Guid conversation)
    {
        await using var db = app.CreateDbContext();
        return await db.ConversationMembers.Where(m => m.ConversationId == conversation && m.UserId == user.Id).Select(m => m.LastReadSeq).SingleAsync();
    }

    private static Task ScrollToAsync(ChatPage page, int top) =>
        page.Page.GetByTestId("messages").EvaluateAsync("(pane, top) => { pane.scrollTop = top; pane.dispatchEvent(new Event('scroll')); }", top);
}
