using System.Net;
using System.Net.Http.Json;
using ChatBot.ApiService.Users;
using ChatBot.Tests.Infrastructure;
using ChatBot.Tests.Refusals;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore;

namespace ChatBot.Tests.Security;

/// <summary>Names show as they read, and messages hold no characters that hide or garble text.</summary>
public sealed class NameAndTextTests(ChatApp app)
{
    [Fact]
    public async Task DisplayNamesAreStoredNfcNormalizedAndTrimmed()
    {
        var (status, user, _) = await RegisterAsync(" \u200B Cafe\u0301 Ole\u0301  ");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("Caf\u00e9 Ol\u00e9", user!.DisplayName);
    }

    [Theory]
    [InlineData("\u202Eevil", "A display name cannot contain text-direction controls.")]
    [InlineData("Ada \u2066admin\u2069", "A display name cannot contain text-direction controls.")]
    [InlineData("right\u200Fmark", "A display name cannot contain text-direction controls.")]
    [InlineData("\u200B\u200C\u200D\u2060", "A display name needs at least one visible character.")]
    [InlineData("\u0301\u0302", "A display name needs at least one visible character.")]
    [InlineData("bell\u0007", "A display name cannot contain control characters.")]
    [InlineData("tab\tname", "A display name cannot contain control characters.")]
    [InlineData("two\nlines", "A display name cannot contain control characters.")]
    public async Task DisplayNamesWithControlsDirectionOverridesOrNothingVisibleAreRefused(string displayName, string reason)
    {
        var (status, _, errors) = await RegisterAsync(displayName);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal([reason], errors!["displayName"]);
    }

    [Fact]
    public async Task EmojiWithJoinersAndRightToLeftScriptsAreFineInDisplayNames()
    {
        var coder = await RegisterAsync("\U0001F469\u200D\U0001F4BB Ada");
        var arabic = await RegisterAsync("ليلى");

        Assert.Equal("\U0001F469\u200D\U0001F4BB Ada", coder.User!.DisplayName);
        Assert.Equal("ليلى", arabic.User!.DisplayName);
    }

    [Theory]
    [InlineData("\u0000")]
    [InlineData("bell\u0007")]
    [InlineData("colour \u001b[31mred")]
    [InlineData("delete\u007f")]
    [InlineData("c1 \u009b control")]
    [InlineData("back\bspace")]
    public async Task MessagesWithControlCharactersAreRefusedAndNothingIsStored(string body)
    {
        var (alice, _, conversation) = await app.ConversationWithMessagesAsync(0);
        await using var device = await alice.ConnectAsync();

        var refused = await Assert.ThrowsAsync<HubException>(() => device.SendAsync(conversation, body));

        var refusal = HubRefusal.Of(refused);
        Assert.Equal(("invalid_message", "A message cannot contain control characters other than line breaks and tabs."), (refusal.Code, refusal.Message));
        await using var db = app.CreateDbContext();
        Assert.False(await db.Messages.AnyAsync(m => m.ConversationId == conversation, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task LineBreaksAndTabsAreKeptWithEveryLineBreakStoredAsLf()
    {
        var (alice, _, conversation) = await app.ConversationWithMessagesAsync(0);
        await using var device = await alice.ConnectAsync();

        var sent = await device.SendAsync(conversation, "first\r\nsecond\rthird\n\tindented");

        Assert.Equal("first\nsecond\nthird\n\tindented", sent.Body);
    }

    private async Task<(HttpStatusCode Status, UserSummary? User, IDictionary<string, string[]>? Errors)> RegisterAsync(string displayName)
    {
        using var client = app.CreateAnonymousClient();
        using var response = await client.PostAsJsonAsync(
            "/api/auth/register", new { userName = ChatApp.UniqueUserName("named"), displayName, password = ChatApp.Password });
        return response.IsSuccessStatusCode
            ? (response.StatusCode, await response.Content.ReadFromJsonAsync<UserSummary>(Json.Options), null)
            : (response.StatusCode, null, (await response.Content.ReadFromJsonAsync<ValidationProblemDetails>())!.Errors);
    }
}
