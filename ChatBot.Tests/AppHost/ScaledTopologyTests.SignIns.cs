using System.Collections.Concurrent;
using System.Net;
using ChatBot.ApiService.Security;
using ChatBot.Tests.Infrastructure;

namespace ChatBot.Tests.AppHost;

/// <summary>
/// Sign-in limits as people meet them: browsers at the chat's address, each from an address of its own, through
/// the front end to two API replicas. A client's attempts are counted against its own address, and a client
/// refused for its own attempts takes nothing from anyone else.
/// </summary>
public sealed partial class ScaledTopologyTests
{
    private const string WrongPassword = "Wrong user name or password.";
    private const string TooMany = "Too many sign-in attempts; wait ";

    /// <summary>Attempts past a client's budget: more than a circuit breaker that counted refusals as failures would take to open.</summary>
    private const int ThrottledAttempts = 120;

    /// <summary>A client's sign-ins a minute: its limit on each replica.</summary>
    private static readonly int Budget = new RateLimitOptions().SignInsPerClientPerMinute * ScaledAppHost.ApiReplicas;

    [Fact]
    public async Task EachBrowserHasItsOwnSignInBudgetAndAThrottledOneIsToldToWaitWhileOthersSignIn()
    {
        var person = await Accounts.CreateAsync(App.EndpointOf("apiservice-1"), "patient");
        using var flooder = new WebSession(App.WebAddress, from: "127.0.0.2");
        using var neighbour = new WebSession(App.WebAddress, from: "127.0.0.3");
        using var owner = new WebSession(App.WebAddress, from: "127.0.0.4");

        // Within its budget a guess is told it is wrong; one past it on a replica is told to wait, with Retry-After.
        // (Each replica's bucket earns a permit back every few seconds, so on a slow run a few more get through.)
        var wrong = 0;
        var answer = await GuessAsync(flooder);
        while (IsWrongPassword(answer) && wrong < Budget * 2)
        {
            wrong++;
            answer = await GuessAsync(flooder);
        }

        Assert.True(wrong >= 1);
        AssertToldToWait(answer);

        // The front end neither retries the refusals nor counts them as the API failing: each is passed on (bar the
        // few the buckets earn back meanwhile), and its circuit stays closed for everyone else.
        var throttled = 0;
        for (var i = 0; i < ThrottledAttempts; i++)
        {
            answer = await GuessAsync(flooder);
            if (!IsWrongPassword(answer))
            {
                AssertToldToWait(answer);
                throttled++;
            }
        }

        Assert.InRange(throttled, ThrottledAttempts - Budget, ThrottledAttempts);
        Assert.True(IsWrongPassword(await GuessAsync(neighbour)));
        await owner.LogInAsync(person.UserName, person.Password);
        using var chat = await owner.Client.GetAsync("/", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, chat.StatusCode);
    }

    [Fact]
    public async Task SixteenPeopleSignInWhileOneAddressFloodsTheFrontEndWithGuesses()
    {
        using var othersDone = new CancellationTokenSource();
        var guesses = new ConcurrentQueue<Answer>();
        // Four browsers on the flooding machine, each with its own cookies and form tokens.
        var flood = Task.WhenAll(Enumerable.Range(0, 4).Select(async _ =>
        {
            using var flooder = new WebSession(App.WebAddress, from: "127.0.0.5");
            while (!othersDone.IsCancellationRequested)
            {
                guesses.Enqueue(await GuessAsync(flooder));
            }
        }));

        // They arrive one after the other once the flooder is throttled, each from an address of their own.
        await Poll.UntilAsync(() => guesses.Any(g => !IsWrongPassword(g)), TimeSpan.FromSeconds(30), "the flooder is throttled");
        var others = new List<Answer>();
        for (var i = 0; i < 16; i++)
        {
            using var browser = new WebSession(App.WebAddress, from: $"127.0.1.{i + 1}");
            others.Add(await GuessAsync(browser));
        }

        await othersDone.CancelAsync();
        await flood;

        Assert.All(others, answer => Assert.True(IsWrongPassword(answer), $"{answer.Status}: {answer.Page}"));
        // Its budget, and the few permits the replicas' buckets earn back while the flood goes on.
        Assert.InRange(guesses.Count(IsWrongPassword), 1, Budget * 2);
        Assert.All(guesses.Where(g => !IsWrongPassword(g)), AssertToldToWait);
    }

    private sealed record Answer(HttpStatusCode Status, string Page, TimeSpan? RetryAfter);

    private static bool IsWrongPassword(Answer answer) =>
        answer.Status == HttpStatusCode.OK && answer.Page.Contains(WrongPassword, StringComparison.Ordinal);

    private static void AssertToldToWait(Answer answer)
    {
        Assert.Equal(HttpStatusCode.TooManyRequests, answer.Status);
        Assert.Contains(TooMany, answer.Page, StringComparison.Ordinal);
        Assert.NotNull(answer.RetryAfter);
        Assert.InRange(answer.RetryAfter.Value, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1));
    }

    /// <summary>A sign-in with a wrong password, from the login form: the page's status, its text and its Retry-After.</summary>
    private static async Task<Answer> GuessAsync(WebSession browser)
    {
        using var response = await browser.PostFormAsync("/Account/Login", new Dictionary<string, string>
        {
            ["Input.UserName"] = ChatApp.UniqueUserName("guess"),
            ["Input.Password"] = "not the password",
        });
        return new Answer(response.StatusCode, await response.Content.ReadAsStringAsync(), response.Headers.RetryAfter?.Delta);
    }
}
