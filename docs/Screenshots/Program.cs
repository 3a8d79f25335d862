// Takes the README's pictures from a real run: the AppHost started as people start it, Alice (desktop) and
// Bob (phone) chatting in Chromium (a reply, a reaction, an edited message), then the Aspire dashboard with
// the trace of one of their messages open.
// Run from anywhere in the repository: dotnet run --project docs/Screenshots
using ChatBot.Screenshots;
using Microsoft.Playwright;

var repository = FindRepository(Environment.CurrentDirectory);
var docs = Path.Combine(repository, "docs");
var data = Directory.CreateTempSubdirectory("chatbot-screenshots-");
try
{
    await using var appHost = AppHostProcess.Start(repository, "--DataFolder", data.FullName);
    var (dashboard, chat) = await appHost.WaitUntilReadyAsync(TimeSpan.FromMinutes(5));

    using var playwright = await Playwright.CreateAsync();
    await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
    {
        ExecutablePath = Environment.GetEnvironmentVariable("CHROMIUM_PATH") ?? "/usr/bin/chromium",
        Headless = true,
        Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync"],
    });

    var alice = await Person.RegisterAsync(browser, chat, new ViewportSize { Width = 900, Height = 600 }, "alice", "Alice Martin");
    var bob = await Person.RegisterAsync(browser, chat, new ViewportSize { Width = 375, Height = 600 }, "bob", "Bob Chen");
    await alice.OpenConversationWithAsync(bob);
    await alice.SendAsync("Hi Bob! Are we still on for lunch tomorrow?");
    await bob.OpenConversationWithAsync(alice);
    await bob.SendAsync("Yes! 12:30 at the usual place?");
    await alice.ReplyToAsync("12:30 at the usual place?", "Perfect. I'll book a table for **two**.", "Perfect. I'll book a table for two.");
    await bob.SeesAsync("I'll book a table for two.");
    await bob.ReactToAsync("I'll book a table for two.", "👍");
    await alice.SeesReactionAsync("I'll book a table for two.");
    await bob.EditAsync("12:30 at the usual place?", "Yes! 12:30 at _the usual place_? The one with the terrace.");
    await alice.SeesEditedAsync("The one with the terrace.");
    await bob.TypeAsync("See you there");
    await alice.SeesTypingAsync();

    await SideBySideAsync(browser, Path.Combine(docs, "screenshot.png"), await alice.ScreenshotAsync(), await bob.ScreenshotAsync());

    // A photo and the menu as a PDF: Alice sees both in her timeline, Bob opens the photo on his phone.
    var photo = new FilePayload { Name = "terrace.png", MimeType = "image/png", Buffer = await PhotoAsync(browser) };
    var menu = new FilePayload { Name = "menu.pdf", MimeType = "application/pdf", Buffer = [.. "%PDF-1.7\n"u8, .. new byte[48_000]] };
    await alice.SendFilesAsync("The terrace, and the menu", photo, menu);
    await alice.SeesPicturesAsync("The terrace, and the menu");
    await bob.SeesPicturesAsync("The terrace, and the menu");
    await bob.OpensPictureAsync("The terrace, and the menu");
    await SideBySideAsync(browser, Path.Combine(docs, "screenshot-files.png"), await alice.PictureAsync(), await bob.PictureAsync());

    await DashboardTraceAsync(browser, dashboard, Path.Combine(docs, "dashboard-trace.png"));
    Console.WriteLine($"Wrote screenshot.png, screenshot-files.png and dashboard-trace.png in {docs}");
}
finally
{
    data.Delete(recursive: true);
}

// The two screens on one picture, as a reader compares them.
static async Task SideBySideAsync(IBrowser browser, string path, byte[] left, byte[] right)
{
    var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1347, Height = 648 } });
    await page.SetContentAsync($"""
        <body style="margin:0;padding:24px;background:#e1e4e8;display:flex;gap:24px;align-items:flex-start">
        <img src="data:image/png;base64,{Convert.ToBase64String(left)}">
        <img src="data:image/png;base64,{Convert.ToBase64String(right)}">
        </body>
        """);
    await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
    await page.CloseAsync();
}

// A picture to send, drawn by the browser: a terrace at the sea, in the afternoon.
static async Task<byte[]> PhotoAsync(IBrowser browser)
{
    var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1200, Height = 800 } });
    await page.SetContentAsync("""
        <body style="margin:0;width:1200px;height:800px;position:relative;overflow:hidden;
                     background:linear-gradient(#8ec5ff 0%,#cfe8ff 55%,#2f7fb8 55%,#1d5e8c 100%)">
        <div style="position:absolute;left:820px;top:110px;width:150px;height:150px;border-radius:50%;background:#fff3b0"></div>
        <div style="position:absolute;left:0;bottom:0;width:1200px;height:190px;background:#c8a27a"></div>
        <div style="position:absolute;left:160px;bottom:190px;width:260px;height:14px;background:#6b4a2f"></div>
        <div style="position:absolute;left:700px;bottom:190px;width:260px;height:14px;background:#6b4a2f"></div>
        </body>
        """);
    var png = await page.ScreenshotAsync();
    await page.CloseAsync();
    return png;
}

// The dashboard's trace of one message: the front end's span, the API's hub method, the write and the fan-out.
static async Task DashboardTraceAsync(IBrowser browser, Uri login, string path)
{
    var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1400, Height = 760 } });
    await page.GotoAsync(login.ToString());
    await page.GotoAsync(new Uri(login, "/traces").ToString());
    var trace = page.GetByText("ChatHub/SendMessage").First;
    await trace.WaitForAsync(new LocatorWaitForOptions { Timeout = 60_000 });
    await trace.ClickAsync();
    await page.GetByText("fan-out MessageReceived").First.WaitForAsync(new LocatorWaitForOptions { Timeout = 60_000 });
    await page.ScreenshotAsync(new PageScreenshotOptions { Path = path });
    await page.CloseAsync();
}

static string FindRepository(string directory) =>
    File.Exists(Path.Combine(directory, "ChatBot.sln"))
        ? directory
        : FindRepository(Path.GetDirectoryName(directory) ?? throw new InvalidOperationException("Run this inside the repository."));
