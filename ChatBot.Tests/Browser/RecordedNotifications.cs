using Microsoft.Playwright;

namespace ChatBot.Tests.Browser;

/// <summary>
/// A stand-in for the browser's notifications that records what the page does with them, and a tab the test can
/// hide: headless Chromium has neither a prompt to answer nor a tab to switch away from. Added to a page's context
/// as an init script, before the page loads.
/// </summary>
public static class RecordedNotifications
{
    public const string Script =
        """
        window.notificationLog = { requests: 0, shown: [] };
        window.tabHidden = false;
        window.Notification = class {
            static permission = 'default';
            static async requestPermission() {
                window.notificationLog.requests++;
                Notification.permission = 'granted';
                return 'granted';
            }
            constructor(title, options) {
                window.notificationLog.shown.push({ title, body: options?.body ?? '' });
            }
            close() {}
        };
        Object.defineProperty(document, 'visibilityState', { get: () => (window.tabHidden ? 'hidden' : 'visible') });
        """;

    /// <summary>The notifications shown so far, each as "title: body".</summary>
    public static Task<string[]> ShownAsync(IPage page) =>
        page.EvaluateAsync<string[]>("() => notificationLog.shown.map((n) => `${n.title}: ${n.body}`)");
}
