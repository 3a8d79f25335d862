using System.Net;
using System.Net.Http.Json;
using ChatBot.Tests.Infrastructure;
using ChatBot.Tests.Web;
using Microsoft.AspNetCore.Mvc;

namespace ChatBot.Tests.Security;

/// <summary>
/// Repeated failed sign-ins lock a user name, and nothing in the answers tells whether an account has it:
/// a name with an account and a name without get the same answers, in the same order. The lock does not keep
/// the owner out of the devices they have signed in from before.
/// </summary>
public sealed class LoginThrottleTests(ClockedApp clocked) : IClassFixture<ClockedApp>
{
    // The code a client switches on, the data it acts on, and the text a person reads.
    private const string Locked = "rate_limited (retry after 900 s): Too many failed sign-ins for this user name. Try again in 15 minutes.";
    private const string Wrong = "invalid_credentials: Wrong user name or password.";

    [Fact]
    public async Task AfterFiveFailuresANameIsLockedWhetherOrNotAnAccountHasIt()
    {
        var user = await clocked.App.CreateUserAsync("locked");
        var nobody = ChatApp.UniqueUserName("nobody");

        var withAccount = new List<(HttpStatusCode, string?)>();
        var withoutAccount = new List<(HttpStatusCode, string?)>();
        for (var attempt = 0; attempt < 6; attempt++)
        {
            withAccount.Add(await LoginAsync(user.UserName, "not the password"));
            withoutAccount.Add(await LoginAsync(nobody, "not the password"));
        }

        var rightPasswordWhileLocked = await LoginAsync(user.UserName, user.Password);

        Assert.Equal(withAccount, withoutAccount);
        Assert.Equal(Enumerable.Repeat((HttpStatusCode.Unauthorized, (string?)Wrong), 5), withAccount.Take(5));
        Assert.Equal((HttpStatusCode.TooManyRequests, Locked), withAccount[5]);
        Assert.Equal((HttpStatusCode.TooManyRequests, Locked), rightPasswordWhileLocked);
    }

    [Fact]
    public async Task ALockedNameOpensAgainFifteenMinutesLater()
    {
        var user = await clocked.App.CreateUserAsync("waits");
        for (var attempt = 0; attempt < 5; attempt++)
        {
            await LoginAsync(user.UserName, "not the password");
        }

        var locked = await LoginAsync(user.UserName, user.Password);
        clocked.Clock.Advance(TimeSpan.FromMinutes(16));
        var later = await LoginAsync(user.UserName, user.Password);

        Assert.Equal((HttpStatusCode.TooManyRequests, Locked), locked);
        Assert.Equal(HttpStatusCode.OK, later.Status);
    }

    [Fact]
    public async Task ASuccessfulSignInClearsTheFailuresBeforeIt()
    {
        var user = await clocked.App.CreateUserAsync("clears");

        var outcomes = new List<(HttpStatusCode, string?)>();
        for (var round = 0; round < 2; round++)
        {
            for (var attempt = 0; attempt < 4; attempt++)
            {
                outcomes.Add(await LoginAsync(user.UserName, "not the password"));
            }

            outcomes.Add(await LoginAsync(user.UserName, user.Password));
        }

        (HttpStatusCode, string?)[] fourFailuresThenIn = [.. Enumerable.Repeat((HttpStatusCode.Unauthorized, (string?)Wrong), 4), (HttpStatusCode.OK, null)];
        Assert.Equal([.. fourFailuresThenIn, .. fourFailuresThenIn], outcomes);
    }

    [Fact]
    public async Task TheOwnerSignsInFromADeviceTheyUsedBeforeWhileTheNameIsLockedForOthers()
    {
        var user = await clocked.App.CreateUserAsync("owner");
        var laptop = await DeviceTokenAsync(user);
        for (var attempt = 0; attempt < 6; attempt++)
        {
            await LoginAsync(user.UserName, "a stranger's guess");
        }

        var fromAnywhere = await LoginAsync(user.UserName, user.Password);
        var fromTheLaptop = await LoginAsync(user.UserName, user.Password, laptop);

        Assert.Equal((HttpStatusCode.TooManyRequests, Locked), fromAnywhere);
        Assert.Equal(HttpStatusCode.OK, fromTheLaptop.Status);
    }

    [Fact]
    public async Task AKnownDeviceHasAFailureCountOfItsOwnAndPassesForItsOwnNameOnly()
    {
        var user = await clocked.App.CreateUserAsync("device");
        var other = await clocked.App.CreateUserAsync("otherdev");
        var usersLaptop = await DeviceTokenAsync(user);
        var othersPhone = await DeviceTokenAsync(other);
        for (var attempt = 0; attempt < 5; attempt++)
        {
            await LoginAsync(user.UserName, "not the password", usersLaptop);
        }

        var deviceLocked = await LoginAsync(user.UserName, user.Password, usersLaptop);
        var nameStillOpen = await LoginAsync(user.UserName, user.Password);
        for (var attempt = 0; attempt < 5; attempt++)
        {
            await LoginAsync(user.UserName, "a stranger's guess");
        }

        var anotherNamesDevice = await LoginAsync(user.UserName, user.Password, othersPhone);
        var forgedDevice = await LoginAsync(user.UserName, user.Password, "CfDJ8forged");

        Assert.Equal((HttpStatusCode.TooManyRequests, Locked), deviceLocked);
        Assert.Equal(HttpStatusCode.OK, nameStillOpen.Status);
        Assert.Equal((HttpStatusCode.TooManyRequests, Locked), anotherNamesDevice);
        Assert.Equal((HttpStatusCode.TooManyRequests, Locked), forgedDevice);
    }

    private async Task<string> DeviceTokenAsync(TestUser user)
    {
        using var client = user.CreateClient(clocked.App.ApiAddress);
        using var response = await client.PostAsync("/api/auth/device", content: null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("token").GetString()!;
    }

    private async Task<(HttpStatusCode Status, string? Detail)> LoginAsync(string userName, string password, string? deviceToken = null)
    {
        using var client = new HttpClient { BaseAddress = clocked.App.ApiAddress };
        using var response = await client.PostAsJsonAsync("/api/auth/login", new { userName, password, deviceToken });
        if (response.IsSuccessStatusCode)
        {
            return (response.StatusCode, null);
        }

        var problem = await response.Content.ReadFromJsonAsync<ProblemDetails>();
        var retryAfter = problem!.Extensions.TryGetValue("retryAfterSeconds", out var seconds) ? $" (retry after {seconds} s)" : "";
        return (response.StatusCode, $"{problem.Extensions["code"]}{retryAfter}: {problem.Detail}");
    }
}
