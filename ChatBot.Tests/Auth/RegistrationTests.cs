using System.Net;
using System.Net.Http.Json;
using ChatBot.ApiService.Users;
using ChatBot.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace ChatBot.Tests.Auth;

public sealed class RegistrationTests(ChatApp app)
{
    [Fact]
    public async Task RegisteringReturnsTheNewPersonWithATrimmedDisplayName()
    {
        var userName = ChatApp.UniqueUserName("reg");
        using var client = app.CreateAnonymousClient();

        using var response = await client.PostAsJsonAsync(
            "/api/auth/register", new { userName, displayName = "  Ada Lovelace ", password = ChatApp.Password }, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var user = await response.Content.ReadFromJsonAsync<UserSummary>(Json.Options, TestContext.Current.CancellationToken);
        Assert.Equal(userName, user!.UserName);
        Assert.Equal("Ada Lovelace", user.DisplayName);
        Assert.False(string.IsNullOrEmpty(user.Id));
    }

    [Fact]
    public async Task UserNamesAreUniqueIgnoringCase()
    {
        var userName = ChatApp.UniqueUserName("dup");
        await RegisterAsync(userName, "First", ChatApp.Password);

        var (status, errors) = await RegisterAsync(userName.ToUpperInvariant(), "Second", ChatApp.Password);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(["That user name is taken."], errors["userName"]);
    }

    [Fact]
    public async Task ConcurrentRegistrationsOfOneNameCreateExactlyOneAccount()
    {
        var userName = ChatApp.UniqueUserName("race");

        var attempts = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => RegisterAsync(userName, $"Racer {i}", ChatApp.Password)));

        Assert.Single(attempts, a => a.Status == HttpStatusCode.OK);
        Assert.All(attempts.Where(a => a.Status != HttpStatusCode.OK), a =>
        {
            Assert.Equal(HttpStatusCode.BadRequest, a.Status);
            Assert.Equal(["That user name is taken."], a.Errors["userName"]);
        });
        await using var db = app.CreateDbContext();
        Assert.Equal(1, await db.Users.CountAsync(u => u.NormalizedUserName == userName.ToUpperInvariant(), TestContext.Current.CancellationToken));
    }

    [Theory]
    [InlineData("ab")]
    [InlineData("abcdefghijklmnopqrstuvwxyz0123456")]
    [InlineData("has space")]
    [InlineData("émile")]
    [InlineData("slash/name")]
    [InlineData("at@sign")]
    public async Task UserNamesOutsideTheRulesAreRejected(string userName)
    {
        var (status, errors) = await RegisterAsync(userName, "Someone", ChatApp.Password);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(["A user name has 3 to 32 characters: letters, digits, '_', '.' or '-'."], errors["userName"]);
    }

    [Fact]
    public async Task UserNamesAtTheEdgesOfTheRulesAreAccepted()
    {
        var suffix = Guid.NewGuid().ToString("N");
        string[] names = [$"a.{suffix[..1]}", $"x-{suffix[..30]}", $"A_b.C-{suffix[..8]}"];

        foreach (var name in names)
        {
            var (status, _) = await RegisterAsync(name, "Edge", ChatApp.Password);
            Assert.Equal(HttpStatusCode.OK, status);
        }
    }

    [Theory]
    [InlineData("short", "The password is too weak: use at least 8 characters.")]
    [InlineData("aaaaaaaaaaaa", "The password is too weak: use at least 4 different characters.")]
    public async Task WeakPasswordsAreRejectedWithAClearMessage(string password, string message)
    {
        var userName = ChatApp.UniqueUserName("weak");

        var (status, errors) = await RegisterAsync(userName, "Weak", password);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains(message, errors["password"]);
        await using var db = app.CreateDbContext();
        Assert.False(await db.Users.AnyAsync(u => u.UserName == userName, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task ADisplayNameIsRequired()
    {
        var (status, errors) = await RegisterAsync(ChatApp.UniqueUserName("anon"), "   ", ChatApp.Password);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(["Choose a display name."], errors["displayName"]);
    }

    private async Task<(HttpStatusCode Status, IDictionary<string, string[]> Errors)> RegisterAsync(
        string userName, string displayName, string password)
    {
        using var client = app.CreateAnonymousClient();
        using var response = await client.PostAsJsonAsync("/api/auth/register", new { userName, displayName, password });
        if (response.IsSuccessStatusCode)
        {
            return (response.StatusCode, new Dictionary<string, string[]>());
        }

        var problem = await response.Content.ReadFromJsonAsync<ValidationProblemDetails>();
        return (response.StatusCode, problem!.Errors);
    }
}
