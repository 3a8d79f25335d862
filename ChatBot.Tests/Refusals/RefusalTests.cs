using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ChatBot.ApiService.Hubs;
using ChatBot.ApiService.Limits;
using ChatBot.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Logging.Abstractions;

namespace ChatBot.Tests.Refusals;

/// <summary>Refusals carry a stable code and data, over REST and the hub alike; people read the friendly text.</summary>
public sealed class RefusalTests(ChatApp app)
{
    [Theory]
    [InlineData("GET", "/api/nothing-here", false, 404, "not_found")]
    [InlineData("DELETE", "/api/conversations", false, 405, "method_not_allowed")]
    [InlineData("GET", "/api/conversations?limit=0", false, 400, "invalid_argument")]
    [InlineData("GET", "/api/users?limit=51", false, 400, "invalid_argument")]
    [InlineData("GET", "/api/conversations/00000000-0000-0000-0000-000000000001", false, 404, "not_found")]
    [InlineData("GET", "/api/conversations", true, 401, "unauthenticated")]
    public async Task EveryProblemAnswerCarriesACode(string method, string path, bool anonymous, int status, string code)
    {
        var user = await app.CreateUserAsync();
        using var client = anonymous ? app.CreateAnonymousClient() : user.CreateClient();

        using var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path), TestContext.Current.CancellationToken);

        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal(code, (await ProblemAsync(response)).GetProperty("code").GetString());
    }

    [Fact]
    public async Task ARefusalOverRestCarriesItsCodeAndFriendlyText()
    {
        var user = await app.CreateUserAsync();
        using var client = user.CreateClient();

        using var self = await client.PostAsJsonAsync("/api/conversations/direct", new { userId = user.Id }, TestContext.Current.CancellationToken);
        using var nobody = await client.PostAsJsonAsync("/api/conversations/direct", new { userId = "nobody" }, TestContext.Current.CancellationToken);
        using var wrongPassword = await app.CreateAnonymousClient()
            .PostAsJsonAsync("/api/auth/login", new { userName = user.UserName, password = "not the password" }, TestContext.Current.CancellationToken);

        Assert.Equal(("invalid_argument", "You cannot start a conversation with yourself."), CodeAndDetail(await ProblemAsync(self)));
        Assert.Equal(("not_found", "There is no such person."), CodeAndDetail(await ProblemAsync(nobody)));
        Assert.Equal(("invalid_credentials", "Wrong user name or password."), CodeAndDetail(await ProblemAsync(wrongPassword)));
    }

    [Fact]
    public async Task AnUnexpectedHubFailureIsAnsweredAsAServerErrorWithoutItsDetails()
    {
        var filter = new HubErrorLogging(NullLogger<HubErrorLogging>.Instance);
        var method = typeof(ChatHub).GetMethod(nameof(ChatHub.SendMessage))!;
        var invocation = new HubInvocationContext(null!, null!, null!, method, []);

        var refused = await Assert.ThrowsAsync<HubException>(async () =>
            await filter.InvokeMethodAsync(invocation, _ => throw new InvalidOperationException("secret internals")));

        var refusal = HubRefusal.Of(refused);
        Assert.Equal("server_error", refusal.Code);
        Assert.DoesNotContain("secret internals", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheLimitsAClientNeedsComeFromTheServer()
    {
        var user = await app.CreateUserAsync();
        using var client = user.CreateClient();

        var limits = await client.GetFromJsonAsync<ClientLimits>("/api/limits", TestContext.Current.CancellationToken);

        Assert.Equal(new ClientLimits(4000, 50, 500, 200, 50, 64, 3, 100, 20, 120, 256, 20, 50, 10, 25 * 1024 * 1024), limits);
    }

    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement;
    }

    private static (string?, string?) CodeAndDetail(JsonElement problem) =>
        (problem.GetProperty("code").GetString(), problem.GetProperty("detail").GetString());
}
