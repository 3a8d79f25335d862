using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using ChatBot.ApiService.Users;
using ChatBot.Tests.Infrastructure;
using ChatBot.Tests.Refusals;

namespace ChatBot.Tests.Auth;

public sealed class LoginTests(ChatApp app)
{
    [Fact]
    public async Task LoggingInGivesABearerTokenThatOpensTheApi()
    {
        var user = await app.CreateUserAsync("login");

        var token = await app.LoginAsync(user.UserName.ToUpperInvariant(), user.Password);

        using var client = app.CreateAnonymousClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var me = await client.GetFromJsonAsync<UserSummary>("/api/users/me", Json.Options, TestContext.Current.CancellationToken);
        Assert.Equal(user.Id, me!.Id);
        Assert.Equal(user.UserName, me.UserName);
    }

    [Fact]
    public async Task AWrongPasswordAndAnUnknownNameGetTheSameAnswer()
    {
        var user = await app.CreateUserAsync("wrong");

        var wrongPassword = await LoginAsync(user.UserName, "not the password");
        var unknownName = await LoginAsync(ChatApp.UniqueUserName("nobody"), "not the password");

        Assert.Equal((HttpStatusCode.Unauthorized, "invalid_credentials", "Wrong user name or password."), wrongPassword);
        Assert.Equal(wrongPassword, unknownName);
    }

    [Fact]
    public async Task ARefreshTokenGetsANewAccessToken()
    {
        var user = await app.CreateUserAsync("refresh");
        using var client = app.CreateAnonymousClient();
        using var login = await client.PostAsJsonAsync("/api/auth/login", new { userName = user.UserName, password = user.Password }, TestContext.Current.CancellationToken);
        var tokens = await login.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);

        using var refreshed = await client.PostAsJsonAsync(
            "/api/auth/refresh", new { refreshToken = tokens.GetProperty("refreshToken").GetString() }, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, refreshed.StatusCode);
        var newToken = (await refreshed.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("accessToken").GetString();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", newToken);
        var me = await client.GetFromJsonAsync<UserSummary>("/api/users/me", Json.Options, TestContext.Current.CancellationToken);
        Assert.Equal(user.Id, me!.Id);
    }

    [Fact]
    public async Task AForgedRefreshTokenIsRefused()
    {
        using var client = app.CreateAnonymousClient();

        using var response = await client.PostAsJsonAsync("/api/auth/refresh", new { refreshToken = "CfDJ8forged" }, TestContext.Current.CancellationToken);

        var refusal = await RestRefusal.ReadAsync(response);
        Assert.Equal((HttpStatusCode.Unauthorized, "unauthenticated", "The session has ended; sign in again."), (refusal.Status, refusal.Code, refusal.Detail));
    }

    [Theory]
    [InlineData("/api/users/me")]
    [InlineData("/api/users")]
    [InlineData("/api/conversations")]
    public async Task TheApiRefusesCallsWithoutAToken(string path)
    {
        using var client = app.CreateAnonymousClient();

        using var response = await client.GetAsync(path, TestContext.Current.CancellationToken);

        var refusal = await RestRefusal.ReadAsync(response);
        Assert.Equal((HttpStatusCode.Unauthorized, "unauthenticated"), (refusal.Status, refusal.Code));
    }

    private async Task<(HttpStatusCode Status, string? Code, string? Detail)> LoginAsync(string userName, string password)
    {
        using var client = app.CreateAnonymousClient();
        using var response = await client.PostAsJsonAsync("/api/auth/login", new { userName, password });
        var refusal = await RestRefusal.ReadAsync(response);
        return (refusal.Status, refusal.Code, refusal.Detail);
    }
}
