using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ChatBot.ApiService.Hubs;
using ChatBot.ApiService.Security;
using ChatBot.Tests.Infrastructure;
using ChatBot.Tests.Refusals;

namespace ChatBot.Tests.Security;

/// <summary>An API on the shared database with the default sign-in limits (<see cref="RateLimitOptions"/>).</summary>
public sealed class DefaultSignInLimitsApi(ChatApp app) : IAsyncLifetime
{
    public LoopbackServer<ChatHub> Api { get; private set; } = null!;

    public ValueTask InitializeAsync()
    {
        Api = new LoopbackServer<ChatHub>(new Dictionary<string, string?> { ["ConnectionStrings:chatdb"] = app.ConnectionString });
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync() => Api.DisposeAsync();
}

/// <summary>An API whose sign-ins, from all clients together, are limited to <see cref="SignInsPerMinute"/> a minute.</summary>
public sealed class BusySignInApi(ChatApp app) : IAsyncLifetime
{
    public const int SignInsPerMinute = 3;

    public LoopbackServer<ChatHub> Api { get; private set; } = null!;

    public ValueTask InitializeAsync()
    {
        Api = new LoopbackServer<ChatHub>(new Dictionary<string, string?>
        {
            ["ConnectionStrings:chatdb"] = app.ConnectionString,
            ["RateLimits:SignInsPerMinute"] = SignInsPerMinute.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync() => Api.DisposeAsync();
}

/// <summary>
/// Sign-in attempts are limited per client address and in all, so that one client can neither guess at
/// speed nor keep the server from everyone else; the bodies of anonymous requests are small.
/// </summary>
public sealed class SignInRateLimitTests(ChatApp app, DefaultSignInLimitsApi limited, BusySignInApi busy)
    : IClassFixture<DefaultSignInLimitsApi>, IClassFixture<BusySignInApi>
{
    [Fact]
    public async Task OneClientIsThrottledAfterTenAttemptsAMinuteAndOtherClientsAreNot()
    {
        var perClient = new RateLimitOptions().SignInsPerClientPerMinute;
        using var flooder = LoopbackAddresses.ClientFrom("127.0.0.2", limited.Api.Address);
        using var bystander = LoopbackAddresses.ClientFrom("127.0.0.3", limited.Api.Address);

        // All at once: the limiter decides as they arrive, before any password is hashed. One after the other,
        // on a busy machine, the hashing alone can take the time in which the bucket earns a permit back. Five
        // times the client's limit, more than the limit on all clients allows at once: only the attempts within
        // the client's own limit are counted against everyone's.
        var answers = await Task.WhenAll(Enumerable.Range(0, perClient * 5).Select(_ => AttemptAsync(flooder)));

        using var other = await AttemptAsync(bystander);

        var refusals = await Task.WhenAll(answers.Select(RestRefusal.ReadAsync));
        Assert.Equal(perClient, refusals.Count(r => (r.Status, r.Code) == (HttpStatusCode.Unauthorized, WrongPassword)));
        var refused = answers.Where(a => a.StatusCode == HttpStatusCode.TooManyRequests).ToList();
        Assert.Equal(perClient * 4, refused.Count);
        foreach (var answer in refused)
        {
            var problem = await answer.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
            Assert.Equal("rate_limited", problem.GetProperty("code").GetString());
            Assert.InRange(problem.GetProperty("retryAfterSeconds").GetInt32(), 1, 60);
            Assert.NotNull(answer.Headers.RetryAfter);
        }

        Assert.Equal((HttpStatusCode.Unauthorized, WrongPassword), await StatusAndCodeAsync(other));
        Array.ForEach(answers, a => a.Dispose());
    }

    [Fact]
    public async Task AllClientsTogetherAreLimitedToo()
    {
        using var first = LoopbackAddresses.ClientFrom("127.0.0.4", busy.Api.Address);
        using var second = LoopbackAddresses.ClientFrom("127.0.0.5", busy.Api.Address);

        using var firstAttempt = await AttemptAsync(first);
        using var secondAttempt = await AttemptAsync(second);

        Assert.Equal((HttpStatusCode.Unauthorized, WrongPassword), await StatusAndCodeAsync(firstAttempt));
        Assert.Equal((HttpStatusCode.TooManyRequests, "rate_limited"), await StatusAndCodeAsync(secondAttempt));
    }

    [Theory]
    [InlineData("/api/auth/login", "password")]
    [InlineData("/api/auth/register", "password")]
    [InlineData("/api/auth/refresh", "refreshToken")]
    public async Task AnonymousRequestBodiesOver4KiBAreRefusedUnread(string path, string field)
    {
        using var client = app.CreateAnonymousClient();
        var body = new Dictionary<string, string>
        {
            ["userName"] = ChatApp.UniqueUserName("huge"),
            ["displayName"] = "Huge",
            // 25 MB, as the assessment sent: within Kestrel's own 30 MB limit.
            [field] = new string('p', 25_000_000),
        };
        using var request = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = new StringContent(JsonSerializer.Serialize(body), System.Text.Encoding.UTF8, "application/json"),
        };
        // The client waits for the server's go-ahead before it sends the body, as a careful client does.
        request.Headers.ExpectContinue = true;

        using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal((HttpStatusCode.RequestEntityTooLarge, "invalid_argument"), await StatusAndCodeAsync(response));
    }

    private const string WrongPassword = "invalid_credentials";

    private static async Task<(HttpStatusCode, string?)> StatusAndCodeAsync(HttpResponseMessage response)
    {
        var refusal = await RestRefusal.ReadAsync(response);
        return (refusal.Status, refusal.Code);
    }

    private static async Task<HttpResponseMessage> AttemptAsync(HttpClient client) =>
        await client.PostAsJsonAsync("/api/auth/login", new { userName = ChatApp.UniqueUserName("guess"), password = "not the password" });
}
