using Microsoft.Playwright;

namespace ChatBot.Screenshots;

/// <summary>Someone using the chat in a browser of their own, the way people do.</summary>
internal sealed class Person(IPage page, string userName)
{
    private const string Password = "lunch tomorrow at 12:30";

    public string UserName { get; } = userName;

    public static async Task<Person> RegisterAsync(IBrowser browser, Uri chat, ViewportSize viewport, string prefix, string displayName)
    {
        var isPhone = viewport.Width < 500;
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = chat.ToString(),
            ViewportSize = viewport,
            IsMobile = isPhone,
            HasTouch = isPhone,
        });
        var page = await context.NewPageAsync();
        var userName = $"{prefix}_{Guid.NewGuid():N}"[..16];
        await page.GotoAsync("/Account/Register");
        await page.GetByLabel("User name").FillAsync(userName);
        await page.GetByLabel("Display name").FillAsync(displayName);
        await page.GetByLabel("Password", new PageGetByLabelOptions { Exact = true }).FillAsync(Password);
        await page.GetByLabel("Repeat the password").FillAsync(Password);
        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Create account" }).ClickAsync();
        await page.GetByTestId("people-search").WaitForAsync();
        return new Person(page, userName);
    }

    public async Task OpenConversationWithAsync(Person other)
    {
        await page.GetByTestId("people-search").FillAsync(other.UserName);
        await page.Locator($".chat-person[data-user-name='{other.UserName}']").ClickAsync();
        await page.GetByTestId("composer").WaitForAsync();
        // The conversation stays listed once the search is cleared, as it would be the next day (on a
        // phone the list is out of sight while a conversation is open).
        var search = page.GetByTestId("people-search");
        if (await search.IsVisibleAsync())
        {
            await search.FillAsync("");
        }
    }

    /// <param name="shown">How the text shows, when it is formatted.</param>
    public async Task SendAsync(string text, string? shown = null)
    {
        await page.GetByTestId("composer").FillAsync(text);
        await page.GetByTestId("composer").PressAsync("Enter");
        await SeesAsync(shown ?? text);
    }

    public Task SeesAsync(string text) => Message(text).WaitForAsync();

    /// <summary>Answers a message from its menu.</summary>
    public async Task ReplyToAsync(string original, string text, string shown)
    {
        await OpenMenuAsync(original);
        await page.GetByTestId("reply").ClickAsync();
        await SendAsync(text, shown);
    }

    /// <summary>Reacts to a message with one of the quick emoji.</summary>
    public async Task ReactToAsync(string text, string emoji)
    {
        await OpenMenuAsync(text);
        await page.GetByTestId("react").ClickAsync();
        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = $"React with {emoji}" }).ClickAsync();
    }

    /// <summary>Edits one's own message from its menu.</summary>
    public async Task EditAsync(string text, string edited)
    {
        await OpenMenuAsync(text);
        await page.GetByTestId("edit").ClickAsync();
        await page.GetByTestId("composer").FillAsync(edited);
        await page.GetByTestId("composer").PressAsync("Enter");
    }

    public Task SeesReactionAsync(string text) => Message(text).GetByTestId("reaction").WaitForAsync();

    public Task SeesEditedAsync(string text) => Message(text).GetByTestId("edited").WaitForAsync();

    private async Task OpenMenuAsync(string text)
    {
        await Message(text).GetByTestId("menu-button").ClickAsync();
        await page.GetByTestId("message-menu").WaitForAsync();
    }

    private ILocator Message(string text) =>
        page.GetByTestId("message").Filter(new LocatorFilterOptions { Has = page.Locator(".chat-bubble", new PageLocatorOptions { HasTextString = text }) });

    /// <summary>Attaches files with the paper clip's chooser, waits until each is uploaded, then sends them with a text.</summary>
    public async Task SendFilesAsync(string text, params FilePayload[] files)
    {
        await page.GetByTestId("file-input").SetInputFilesAsync(files);
        await page.Locator("[data-testid=attachment][data-state=uploaded]").Nth(files.Length - 1).WaitForAsync();
        await SendAsync(text);
    }

    /// <summary>Waits until every picture of the message is loaded and shown.</summary>
    public async Task SeesPicturesAsync(string text)
    {
        await Message(text).GetByTestId("thumbnail").First.WaitForAsync();
        await page.WaitForFunctionAsync("() => [...document.querySelectorAll('[data-testid=thumbnail] img')].every(img => img.complete && img.naturalWidth > 0)");
    }

    /// <summary>Opens the message's first picture in the viewer, and waits until it is shown.</summary>
    public async Task OpensPictureAsync(string text)
    {
        await Message(text).GetByTestId("thumbnail").First.ClickAsync();
        await page.WaitForFunctionAsync("() => document.querySelector('[data-testid=viewer-picture]')?.naturalWidth > 0");
    }

    public Task<byte[]> PictureAsync() => page.ScreenshotAsync();

    public Task TypeAsync(string text) => page.GetByTestId("composer").PressSequentiallyAsync(text, new LocatorPressSequentiallyOptions { Delay = 30 });

    public Task SeesTypingAsync() => page.GetByText("is typing").WaitForAsync();

    public async Task<byte[]> ScreenshotAsync()
    {
        // Read receipts and the typing notice settle before the picture is taken; the pointer rests off the messages.
        await page.Locator("[data-testid=ticks]:visible").Filter(new() { HasText = "Read" }).First.WaitForAsync();
        await page.Mouse.MoveAsync(0, 0);
        return await page.ScreenshotAsync();
    }
}
