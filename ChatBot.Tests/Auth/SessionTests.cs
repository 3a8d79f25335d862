using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using ChatBot.ApiService.Hubs;
using ChatBot.Tests.Infrastructure;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace ChatBot.Tests.Auth;

/// <summary>An API on the shared database whose access tokens live only <see cref="TokenLifetime"/>.</summary>
public sealed class ShortTokenApi(ChatApp app) : IAsyncLifetime
{
    public static readonly TimeSpan TokenLifetime = TimeSpan.FromSeconds(8);

    public LoopbackServer<ChatHub> Api { get; private set; } = null!;

    public ValueTask InitializeAsync()
    {
        Api = new LoopbackServer<ChatHub>(
            new Dictionary<string, string?> { ["ConnectionStrings:chatdb"] = app.ConnectionString },
            services => services.Configure<BearerTokenOptions>(IdentityConstants.BearerScheme, bearer => bearer.BearerTokenExpiration = TokenLifetime));
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync() => Api.DisposeAsync();
}

/// <summary>Sessions end on the server: logging out, logging out everywhere and a reused refresh token end them at once.</summary>
public sealed class SessionTests(ChatApp app, ShortTokenApi shortTokens) : IClassFixture<ShortTokenApi>
{
    [Fact]
    public async Task LoggingOutEndsTheSessionsAccessAndRefreshTokensAtOnce()
    {
        var user = await app.CreateUserAsync("logout");
        var tokens = await LoginAsync(user);

        var logout = await PostAsync("/api/auth/logout", tokens.Access);

        Assert.Equal(HttpStatusCode.NoContent, logout);
        Assert.Equal(HttpStatusCode.Unauthorized, await GetMeAsync(tokens.Access));
        Assert.Equal(HttpStatusCode.Unauthorized, (await RefreshAsync(tokens.Refresh)).Status);
        Assert.Equal(HttpStatusCode.OK, await GetMeAsync(user.AccessToken)); // another session of the same person
    }

    [Fact]
    public async Task ARefreshTokenWorksOnceAndUsingItAgainEndsTheWholeSession()
    {
        var user = await app.CreateUserAsync("rotate");
        var first = await LoginAsync(user);

        var second = await RefreshAsync(first.Refresh);
        var reused = await RefreshAsync(first.Refresh);
        var afterReuse = await RefreshAsync(second.Tokens!.Value.Refresh);

        Assert.Equal(HttpStatusCode.OK, second.Status);
        Assert.NotEqual(first.Refresh, second.Tokens.Value.Refresh);
        Assert.Equal(HttpStatusCode.Unauthorized, reused.Status);
        Assert.Equal(HttpStatusCode.Unauthorized, afterReuse.Status);
        Assert.Equal(HttpStatusCode.Unauthorized, await GetMeAsync(second.Tokens.Value.Access));
        Assert.Equal(HttpStatusCode.Unauthorized, await GetMeAsync(first.Access));
    }

    [Fact]
    public async Task EachRefreshGivesTheNextTokenAndTheSessionGoesOn()
    {
        var user = await app.CreateUserAsync("chain");
        var tokens = await LoginAsync(user);

        for (var refresh = 0; refresh < 3; refresh++)
        {
            var next = await RefreshAsync(tokens.Refresh);
            Assert.Equal(HttpStatusCode.OK, next.Status);
            tokens = next.Tokens!.Value;
        }

        Assert.Equal(HttpStatusCode.OK, await GetMeAsync(tokens.Access));
    }

    [Fact]
    public async Task LoggingOutEverywhereEndsEverySessionOfThePersonAndNobodyElses()
    {
        var user = await app.CreateUserAsync("everywhere");
        var someoneElse = await app.CreateUserAsync("bystander");
        var phone = await LoginAsync(user);
        var laptop = await LoginAsync(user);

        var logout = await PostAsync("/api/auth/logout-everywhere", phone.Access);

        Assert.Equal(HttpStatusCode.OK, logout);
        Assert.Equal(HttpStatusCode.Unauthorized, await GetMeAsync(phone.Access));
        Assert.Equal(HttpStatusCode.Unauthorized, await GetMeAsync(laptop.Access));
        Assert.Equal(HttpStatusCode.Unauthorized, await GetMeAsync(user.AccessToken));
        Assert.Equal(HttpStatusCode.Unauthorized, (await RefreshAsync(laptop.Refresh)).Status);
        Assert.Equal(HttpStatusCode.OK, await GetMeAsync(someoneElse.AccessToken));
    }

    [Fact]
    public async Task HubConnectionsCloseWhenTheirSessionEnds()
    {
        var user = await app.CreateUserAsync("hubend");
        var ending = await LoginAsync(user);
        await using var endingDevice = await ChatConnection.ConnectAsync(app.ApiAddress, ending.Access);
        await using var otherDevice = await user.ConnectAsync();
        var closed = ClosedAsync(endingDevice.Hub);

        await PostAsync("/api/auth/logout", ending.Access);

        await closed.WaitAsync(TimeSpan.FromSeconds(15), TestContext.Current.CancellationToken);
        Assert.Equal(HubConnectionState.Connected, otherDevice.Hub.State);
    }

    [Fact]
    public async Task HubConnectionsCloseWhenTheirAccessTokenExpires()
    {
        var user = await app.CreateUserAsync("expiring");
        var token = await Accounts.LoginAsync(shortTokens.Api.Address, user.UserName, user.Password);
        await using var device = await ChatConnection.ConnectAsync(shortTokens.Api.Address, token);
        var closed = ClosedAsync(device.Hub);

        await closed.WaitAsync(ShortTokenApi.TokenLifetime + TimeSpan.FromSeconds(20), TestContext.Current.CancellationToken);

        Assert.Equal(HubConnectionState.Disconnected, device.Hub.State);
    }

    private static Task ClosedAsync(HubConnection hub)
    {
        var closed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        hub.Closed += _ =>
        {
            closed.TrySetResult();
            return Task.CompletedTask;
        };
        return closed.Task;
    }

    private async Task<(string Access, string Refresh)> LoginAsync(TestUser user)
    {
        using var client = app.CreateAnonymousClient();
        using var response = await client.PostAsJsonAsync("/api/auth/login", new { userName = user.UserName, password = user.Password });
        response.EnsureSuccessStatusCode();
        return Read(await response.Content.ReadFromJsonAsync<JsonElement>());
    }

    private async Task<(HttpStatusCode Status, (string Access, string Refresh)? Tokens)> RefreshAsync(string refreshToken)
    {
        using var client = app.CreateAnonymousClient();
        using var response = await client.PostAsJsonAsync("/api/auth/refresh", new { refreshToken });
        return (response.StatusCode, response.IsSuccessStatusCode ? Read(await response.Content.ReadFromJsonAsync<JsonElement>()) : null);
    }

    private async Task<HttpStatusCode> GetMeAsync(string accessToken)
    {
        using var client = app.CreateAnonymousClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        using var response = await client.GetAsync("/api/users/me");
        return response.StatusCode;
    }

    private async Task<HttpStatusCode> PostAsync(string path, string accessToken)
    {
        using var client = app.CreateAnonymousClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        using var response = await client.PostAsync(path, content: null);
        return response.StatusCode;
    }

    private static (string Access, string Refresh) Read(JsonElement tokens) =>
        (tokens.GetProperty("accessToken").GetString()!, tokens.GetProperty("refreshToken").GetString()!);
}
