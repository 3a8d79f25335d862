using System.Collections.Concurrent;
using System.Reflection;
using ChatBot.Tests.Infrastructure;
using Microsoft.Playwright;
using Xunit.v3;

[assembly: AssemblyFixture(typeof(ChatBot.Tests.Browser.Chromium))]
[assembly: ChatBot.Tests.Browser.ClosesTheTestsBrowserContexts]

namespace ChatBot.Tests.Browser;

/// <summary>
/// Debian's Chromium, driven by Playwright; one browser for all the browser tests, a context per person. The
/// classes that use it run side by side, as any others: each person is a context of their own, closed when
/// their test ends.
/// </summary>
public sealed class Chromium : IAsyncLifetime
{
    /// <summary>
    /// Chromium reads only the last <c>--disable-features</c> it is given, so Playwright's own (1.64, less Edge's) come
    /// first. Then the omnibox's two pop-ups: web pages the browser loads in a renderer process of their own for
    /// every new window, so for every context, headless too. Without them a context costs about 770 ms of CPU
    /// rather than 1,320 (20 contexts, each loading a page).
    /// </summary>
    private static readonly string[] DisabledFeatures =
    [
        "AvoidUnnecessaryBeforeUnloadCheckSync", "DestroyProfileOnBrowserClose", "DialMediaRouteProvider", "GlobalMediaControls",
        "HttpsUpgrades", "LensOverlay", "MediaRouter", "PaintHolding", "ThirdPartyStoragePartitioning",
        "BlockOriginHeaderModificationOnRedirect", "AvoidCorsURLLoaderRestartOnRedirect", "Translate", "AutoDeElevate",
        "OptimizationHints", "NetworkTimeServiceQuerying", "AimEnabled",
        "WebUIOmniboxPopup", "WebUIOmniboxAimPopup",
    ];

    private readonly ConcurrentDictionary<string, ConcurrentBag<IBrowserContext>> _contextsByTest = new();
    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;

    /// <summary>
    /// A context closed when the running test ends: a page left open goes on running its scripts and
    /// reconnecting to a server long gone, for the rest of the suite.
    /// </summary>
    public async Task<IBrowserContext> NewContextAsync(BrowserNewContextOptions options)
    {
        var context = await Browser.NewContextAsync(options);
        if (TestContext.Current.Test is { } test)
        {
            _contextsByTest.GetOrAdd(test.UniqueID, _ => []).Add(context);
        }

        return context;
    }

    internal async Task CloseContextsOfAsync(string testId)
    {
        if (_contextsByTest.TryRemove(testId, out var contexts))
        {
            await Task.WhenAll(contexts.Select(context => context.CloseAsync()));
        }
    }

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
            // No sandbox as root; no calls home from a machine without internet; no omnibox pop-ups.
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                "--no-first-run", "--disable-sync", $"--disable-features={string.Join(',', DisabledFeatures)}",
            ],
        });
    }

    public async ValueTask DisposeAsync()
    {
        await Browser.DisposeAsync();
        _playwright?.Dispose();
    }
}

/// <summary>Closes the browser contexts a test opened (<see cref="Chromium.NewContextAsync"/>) once it ends.</summary>
[AttributeUsage(AttributeTargets.Assembly)]
public sealed class ClosesTheTestsBrowserContextsAttribute : BeforeAfterTestAttribute
{
    // xunit's hook is synchronous, and may run on Playwright's own thread (a failed assertion's continuation runs
    // inline there): waiting here for the close, which that thread must answer, would hang the run. The contexts
    // close in the background instead.
    public override void After(MethodInfo methodUnderTest, IXunitTest test) => _ = Task.Run(() => CloseAsync(test.UniqueID));

    private static async Task CloseAsync(string testId)
    {
        try
        {
            if (await TestContext.Current.GetFixture(typeof(Chromium)) is Chromium chromium)
            {
                await chromium.CloseContextsOfAsync(testId);
            }
        }
        catch (PlaywrightException)
        {
            // The browser closed first, at the end of the run, and its contexts with it.
        }
    }
}
