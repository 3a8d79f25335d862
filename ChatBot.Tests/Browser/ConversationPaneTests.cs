using ChatBot.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ChatBot.Tests.Browser;

/// <summary>The open conversation: history paging, scrolling, and the composer's limits.</summary>
[LongRunning]
public sealed class ConversationPaneTests(ChatApp app, Chromium chromium)
{
    private static readonly ViewportSize Desktop = new() { Width = 1024, Height = 700 };

    [Fact]
    public async Task ScrollingUpLoadsOlderPagesUntilTheBeginning()
    {
        var (alice, bob, _) = await app.ConversationWithMessagesAsync(120);
        var page = await SignedInAsync(bob);

        await page.Person(alice.UserName).ClickAsync();
        await Expect(page.Messages).ToHaveCountAsync(50);
        await Expect(page.Messages.First).ToHaveAttributeAsync("data-seq", "71");

        await ScrollToTopAsync(page);
        await Expect(page.Messages).ToHaveCountAsync(100);
        await ScrollToTopAsync(page);
        await Expect(page.Messages).ToHaveCountAsync(120);

        await Expect(page.Messages.First).ToHaveAttributeAsync("data-seq", "1");
        await Expect(page.Messages.Last).ToHaveAttributeAsync("data-seq", "120");
        await Expect(page.Page.GetByText("This is the beginning of your conversation")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task NewMessagesScrollThePaneOnlyWhenItIsAtTheBottom()
    {
        var (alice, bob, conversation) = await app.ConversationWithMessagesAsync(60);
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

    private async Task<ChatPage> SignedInAsync(TestUser user)
    {
        var page = await ChatPage.OpenAsync(chromium.Browser, app.WebAddress, Desktop);
        await page.LogInAsync(user.UserName, user.Password);
        await Expect(page.Page.GetByTestId("signed-in-as")).ToHaveTextAsync(user.DisplayName);
        return page;
    }

    private static Task ScrollToTopAsync(ChatPage page) =>
        page.Page.GetByTestId("messages").EvaluateAsync("pane => { pane.scrollTop = 0; pane.dispatchEvent(new Event('scroll')); }");
}
