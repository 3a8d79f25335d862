using System.Collections.Concurrent;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ChatBot.Tests.Browser;

/// <summary>One person's browser tab on the chat, driven the way a person uses it.</summary>
public sealed class ChatPage(IPage page, Uri site)
{
    public IPage Page { get; } = page;

    private readonly ConcurrentQueue<string> _scriptErrors = ScriptErrorsOf(page);

    private readonly ConcurrentQueue<string> _failedRequests = FailedRequestsOf(page);

    /// <summary>The page's requests that failed, or were answered 400 or over.</summary>
    public IReadOnlyCollection<string> FailedRequests => _failedRequests;

    public ILocator Messages => Page.GetByTestId("message");

    public ILocator Composer => Page.GetByTestId("composer");

    /// <param name="bypassCsp">Only to inject axe-core (<see cref="Axe"/>): the pages allow no script but their own.</param>
    public static async Task<ChatPage> OpenAsync(Chromium chromium, Uri site, ViewportSize viewport, bool isMobile = false, bool bypassCsp = false)
    {
        var context = await chromium.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = viewport,
            IsMobile = isMobile,
            HasTouch = isMobile,
            BaseURL = site.ToString(),
            BypassCSP = bypassCsp,
        });
        var page = await context.NewPageAsync();
        return new ChatPage(page, site);
    }

    public async Task RegisterAsync(string userName, string displayName, string password)
    {
        await Page.GotoAsync("/Account/Register");
        await Page.GetByLabel("User name").FillAsync(userName);
        await Page.GetByLabel("Display name").FillAsync(displayName);
        await Page.GetByLabel("Password", new() { Exact = true }).FillAsync(password);
        await Page.GetByLabel("Repeat the password").FillAsync(password);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Create account" }).ClickAsync();
        await Expect(Page.GetByTestId("signed-in-as")).ToHaveTextAsync(displayName);
        await WaitUntilReadyAsync();
    }

    /// <summary>The chat is hidden until its script has started: once the search shows, typing reaches it.</summary>
    public async Task WaitUntilReadyAsync()
    {
        try
        {
            await Expect(Page.GetByTestId("people-search")).ToBeVisibleAsync();
        }
        catch (PlaywrightException e)
        {
            // Said here, as otherwise the failure shows only "hidden".
            var troubles = string.Join('\n', _scriptErrors.Concat(_failedRequests));
            throw new PlaywrightException($"The chat did not start. What went wrong in the page:\n{troubles}\n{e.Message}", e);
        }
    }

    /// <summary>The errors of the page's script, thrown or logged.</summary>
    private static ConcurrentQueue<string> ScriptErrorsOf(IPage page)
    {
        var errors = new ConcurrentQueue<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                errors.Enqueue($"console: {message.Text}");
            }
        };
        page.PageError += (_, error) => errors.Enqueue($"script: {error}");
        return errors;
    }

    private static ConcurrentQueue<string> FailedRequestsOf(IPage page)
    {
        var failed = new ConcurrentQueue<string>();
        page.RequestFailed += (_, request) => failed.Enqueue($"failed: {request.Method} {request.Url}: {request.Failure}");
        page.Response += (_, response) =>
        {
            if (response.Status >= 400)
            {
                failed.Enqueue($"{response.Status}: {response.Request.Method} {response.Url}");
            }
        };
        return failed;
    }

    public async Task LogInAsync(string userName, string password)
    {
        await Page.GotoAsync("/Account/Login");
        await Page.GetByLabel("User name").FillAsync(userName);
        await Page.GetByLabel("Password").FillAsync(password);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Log in" }).ClickAsync();
        await WaitUntilReadyAsync();
    }

    /// <summary>
    /// The page's requests to <paramref name="url"/> (a glob) wait until <paramref name="release"/> completes, as with a
    /// slow server; then they go on as asked.
    /// </summary>
    public Task HoldRequestsAsync(string url, Task release) =>
        Page.RouteAsync(url, async route =>
        {
            await release;
            await route.ContinueAsync();
        });

    public ILocator Person(string userName) => Page.Locator($".chat-person[data-user-name='{userName}']");

    public async Task OpenConversationWithAsync(string userName)
    {
        await Page.GetByTestId("people-search").FillAsync(userName);
        await Person(userName).ClickAsync();
        await Expect(Page.GetByTestId("peer-status")).ToContainTextAsync(userName);
    }

    public async Task SendAsync(string text)
    {
        await Composer.FillAsync(text);
        await Composer.PressAsync("Enter");
    }

    public ILocator Message(string text) => Messages.Filter(new() { Has = Page.Locator(".chat-bubble", new() { HasTextString = text }) });

    /// <summary>Opens a message's menu with its "⋯", as a pointer or a finger does.</summary>
    public async Task<ILocator> OpenMenuAsync(ILocator message)
    {
        await message.GetByTestId("menu-button").ClickAsync();
        var menu = message.GetByTestId("message-menu");
        await Expect(menu).ToBeVisibleAsync();
        return menu;
    }

    /// <summary>Reacts to a message with one of the picker's quick emoji, or toggles it off again.</summary>
    public async Task ReactAsync(ILocator message, string emoji)
    {
        var menu = await OpenMenuAsync(message);
        await menu.GetByTestId("react").ClickAsync();
        await menu.GetByRole(AriaRole.Button, new() { Name = $"React with {emoji}" }).ClickAsync();
    }

    public async Task ReloadAsync()
    {
        await Page.ReloadAsync();
        await WaitUntilReadyAsync();
    }

    public Uri Site { get; } = site;
}
