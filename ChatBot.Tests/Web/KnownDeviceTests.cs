using System.Net;
using System.Net.Http.Json;
using ChatBot.Tests.Infrastructure;

namespace ChatBot.Tests.Web;

/// <summary>A browser someone has signed in with before still lets them in while strangers' guesses lock their user name.</summary>
public sealed class KnownDeviceTests(ChatApp app)
{
    [Fact]
    public async Task TheOwnersBrowserSignsInWhileTheNameIsLockedAndANewBrowserIsTurnedAway()
    {
        var user = await app.CreateUserAsync("owner");
        using var ownBrowser = new WebSession(app.WebAddress);
        await ownBrowser.LogInAsync(user.UserName, user.Password);
        using (await ownBrowser.LogOutAsync())
        {
        }

        using var api = app.CreateAnonymousClient();
        for (var guess = 0; guess < 6; guess++)
        {
            using var _ = await api.PostAsJsonAsync("/api/auth/login", new { userName = user.UserName, password = $"guess {guess}" }, TestContext.Current.CancellationToken);
        }

        using var newBrowser = new WebSession(app.WebAddress);
        using var turnedAway = await newBrowser.PostFormAsync("/Account/Login", new Dictionary<string, string>
        {
            ["Input.UserName"] = user.UserName,
            ["Input.Password"] = user.Password,
        });
        await ownBrowser.LogInAsync(user.UserName, user.Password);
        using var chat = await ownBrowser.Client.GetAsync("/", TestContext.Current.CancellationToken);

        // The API's refusal passed on as it came: 429, with how long to wait.
        Assert.Equal(HttpStatusCode.TooManyRequests, turnedAway.StatusCode);
        Assert.NotNull(turnedAway.Headers.RetryAfter);
        Assert.Contains("Too many failed sign-ins for this user name.", await turnedAway.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, chat.StatusCode);
        var device = Assert.Single(ownBrowser.LastSetCookies, c => c.StartsWith("chatbot.device=", StringComparison.Ordinal)).ToLowerInvariant();
        Assert.Contains("; httponly", device, StringComparison.Ordinal);
        Assert.Contains("; samesite=strict", device, StringComparison.Ordinal);
    }
}
