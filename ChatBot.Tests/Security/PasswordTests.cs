using System.Buffers.Binary;
using System.Net;
using System.Net.Http.Json;
using ChatBot.ApiService.Auth;
using ChatBot.ApiService.Hubs;
using ChatBot.Tests.Hosting;
using ChatBot.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace ChatBot.Tests.Security;

public sealed class PasswordTests(ChatApp app)
{
    private static readonly string TooCommon = FriendlyIdentityErrors.PasswordTooCommon().Description;
    private static readonly string TooCommonWithAdditions = FriendlyIdentityErrors.PasswordTooCommonWithAdditions().Description;
    private static readonly string ContainsName = FriendlyIdentityErrors.PasswordContainsName().Description;

    /// <summary>
    /// Through an API configured as in production: every other server of the tests hashes with fewer
    /// iterations (<see cref="FastPasswordHashing"/>).
    /// </summary>
    [Fact]
    public async Task PasswordsAreStoredAsPbkdf2HashesOf210000IterationsInProduction()
    {
        await using var api = new ValidatedHost<ChatHub>("Production", new Dictionary<string, string?>
        {
            ["ConnectionStrings:chatdb"] = app.ConnectionString,
        });
        using var client = api.CreateClient();
        var userName = ChatApp.UniqueUserName("hashed");
        using var registered = await client.PostAsJsonAsync(
            "/api/auth/register", new { userName, displayName = "Hashed", password = ChatApp.Password }, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, registered.StatusCode);
        await using var db = app.CreateDbContext();

        var stored = await db.Users.Where(u => u.UserName == userName).Select(u => u.PasswordHash).SingleAsync(TestContext.Current.CancellationToken);

        // Identity's V3 format: 0x01, then the PRF, the iteration count and the salt length, big-endian.
        var hash = Convert.FromBase64String(stored!);
        Assert.Equal(0x01, hash[0]);
        Assert.Equal(2u, BinaryPrimitives.ReadUInt32BigEndian(hash.AsSpan(1))); // HMAC-SHA512
        Assert.Equal(210_000u, BinaryPrimitives.ReadUInt32BigEndian(hash.AsSpan(5)));
        Assert.DoesNotContain(ChatApp.Password, stored!, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("password")]
    [InlineData("12345678")]
    [InlineData("Password1")]
    [InlineData("qwertyuiop")]
    [InlineData("ILOVEYOU")]
    [InlineData("trustno1")]
    public async Task CommonPasswordsAreRefused(string password)
    {
        var (status, errors) = await RegisterAsync(ChatApp.UniqueUserName("common"), "Someone", password);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal([TooCommon], errors["password"]);
    }

    [Theory]
    [InlineData("Summer2024")]
    [InlineData("Password1!")]
    [InlineData("dragon!!")]
    [InlineData("#sunshine!")]
    public async Task CommonPasswordsWithAFewDigitsOrSymbolsAddedAreRefused(string password)
    {
        var (status, errors) = await RegisterAsync(ChatApp.UniqueUserName("common"), "Someone", password);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal([TooCommonWithAdditions], errors["password"]);
    }

    [Fact]
    public async Task PasswordsContainingTheUserNameOrDisplayNameAreRefused()
    {
        var userName = ChatApp.UniqueUserName("named");

        var withUserName = await RegisterAsync(userName, "Someone", $"{userName.ToUpperInvariant()}!");
        var withDisplayName = await RegisterAsync(ChatApp.UniqueUserName("named"), "Zebediah Quux", "my zebediah quux secret");

        Assert.Equal(HttpStatusCode.BadRequest, withUserName.Status);
        Assert.Equal([ContainsName], withUserName.Errors["password"]);
        Assert.Equal(HttpStatusCode.BadRequest, withDisplayName.Status);
        Assert.Equal([ContainsName], withDisplayName.Errors["password"]);
    }

    [Theory]
    [InlineData("żółć gęślą jaźń 🐉 密码 мой пароль")]
    [InlineData("a sentence long enough to need more than sixty-four characters, with spaces, commas, 🚀 and the rest of it!")]
    public async Task LongAndUnicodePasswordsAreAcceptedAndSignIn(string password)
    {
        var userName = ChatApp.UniqueUserName("unicode");

        var (status, _) = await RegisterAsync(userName, "Unicode Person", password);
        var token = await app.LoginAsync(userName, password);

        Assert.True(password.Length > 30);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.NotEmpty(token);
    }

    [Fact]
    public void TheListShipsTheThirtyThousandMostCommonPasswordsMostCommonFirst()
    {
        using var list = typeof(ChatHub).Assembly.GetManifestResourceStream("ChatBot.ApiService.Auth.common-passwords.txt");

        Assert.NotNull(list);
        var passwords = new StreamReader(list).ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(30_000, passwords.Length);
        Assert.Equal(["123456", "password", "12345678"], passwords[..3]);
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
