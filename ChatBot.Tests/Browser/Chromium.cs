using ChatBot.Tests.Infrastructure;
using Microsoft.Playwright;

[assembly: AssemblyFixture(typeof(ChatBot.Tests.Browser.Chromium))]

namespace ChatBot.Tests.Browser;

/// <summary>
/// Debian's Chromium, driven by Playwright; one browser for all the browser tests, a context per person. The
/// classes that use it run side by side, as any others: each person is a context of their own.
/// </summary>
public sealed class Chromium : IAsyncLifetime
{
    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        // A page waits on servers that share two cores with the rest of the suite: what it waits for gets as
        // long as the tests' waits for events, not Playwright's own default.
        Assertions.SetDefaultExpectTimeout((float)EventLog<object>.DefaultTimeout.TotalMilliseconds);
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Environment.GetEnvironmentVariable("CHROMIUM_PATH") ?? "/usr/bin/chromium",
            Headless = true,
            // No sandbox as root; no calls home from a machine without internet.
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                "--no-first-run", "--disable-sync",
            ],
        });
    }

    public async ValueTask DisposeAsync()
    {
        await Browser.DisposeAsync();
        _playwright?.Dispose();
    }
}
