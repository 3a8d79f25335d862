using System.Globalization;
using System.Net;
using ChatBot.ApiService.Hubs;
using ChatBot.ApiService.Security;
using ChatBot.Tests.Files;
using ChatBot.Tests.Groups;
using ChatBot.Tests.Infrastructure;
using ChatBot.Tests.Refusals;

namespace ChatBot.Tests.Security;

/// <summary>An API on the shared database whose REST quotas allow <see cref="Burst"/> calls and then about none.</summary>
public sealed class TightRestQuotasApi(ChatApp app) : IAsyncLifetime
{
    public const int Burst = 2;

    public LoopbackServer<ChatHub> Api { get; private set; } = null!;

    /// <summary>The app whose database this API shares.</summary>
    public ChatApp App => app;

    public ValueTask InitializeAsync()
    {
        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:chatdb"] = app.ConnectionString,
            ["RateLimits:SignInsPerClientPerMinute"] = "100000",
            ["RateLimits:SignInsPerMinute"] = "100000",
        };
        foreach (var quota in RestQuotaTests.Quotas)
        {
            settings[$"RateLimits:RestRoutes:{quota}:Burst"] = Burst.ToString(CultureInfo.InvariantCulture);
            settings[$"RateLimits:RestRoutes:{quota}:PermitsPerSecond"] = "0.001";
        }

        Api = new LoopbackServer<ChatHub>(settings);
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync() => Api.DisposeAsync();
}

/// <summary>
/// Every REST route that writes or searches has a quota per person (<see cref="RateLimitOptions.RestRoutes"/>):
/// past it the person is refused <c>rate_limited</c> with a Retry-After, before anything is written, and
/// nobody else is.
/// </summary>
public sealed class RestQuotaTests(TightRestQuotasApi tight) : IClassFixture<TightRestQuotasApi>
{
    public static readonly string[] Quotas =
        [RestQuota.CreateGroup, RestQuota.ChangeGroup, RestQuota.OpenConversation, RestQuota.SearchPeople, RestQuota.SearchMessages, RestQuota.UploadFile, RestQuota.DownloadFile];

    [Fact]
    public void EveryQuotaHasItsTest() =>
        Assert.Equal(new RateLimitOptions().RestRoutes.Keys.Order(), Quotas.Order());

    [Fact]
    public async Task MakingGroupsPastTheQuotaIsRefusedAndWritesNothing()
    {
        var (ann, ben, cat) = (await PersonAsync("ann"), await PersonAsync("ben"), await PersonAsync("cat"));
        for (var i = 0; i < TightRestQuotasApi.Burst; i++)
        {
            await ann.CreateGroupAsync($"Group {i}", ben, cat);
        }

        await AssertPastQuotaAsync(ann, RestQuota.CreateGroup, HttpMethod.Post, "/api/conversations/groups", new { name = "One more", memberIds = new[] { ben.Id, cat.Id } });
        Assert.Equal(TightRestQuotasApi.Burst, (await ben.ListConversationsAsync()).Count);
        await ben.CreateGroupAsync("Ben's own", ann, cat);
    }

    [Fact]
    public async Task ChangingGroupsPastTheQuotaIsRefused()
    {
        var (ann, ben, cat, dan) = (await PersonAsync("ann"), await PersonAsync("ben"), await PersonAsync("cat"), await PersonAsync("dan"));
        var group = (await ben.CreateGroupAsync("Renamed", ann, cat)).Id;
        await ben.MakeAdminAsync(group, ann);
        await ann.RenameGroupAsync(group, "Once");
        await ann.AddMembersAsync(group, dan);

        await AssertPastQuotaAsync(ann, RestQuota.ChangeGroup, HttpMethod.Post, $"/api/conversations/{group}/leave", null);
        Assert.Contains(await ben.MembersAsync(group), m => m.User.Id == ann.Id);
        await ben.RenameGroupAsync(group, "Still Ben's to change");
    }

    [Fact]
    public async Task OpeningConversationsPastTheQuotaIsRefused()
    {
        var (ann, ben, cat, dan) = (await PersonAsync("ann"), await PersonAsync("ben"), await PersonAsync("cat"), await PersonAsync("dan"));
        await ann.OpenConversationWithAsync(ben);
        await ann.OpenConversationWithAsync(cat);

        await AssertPastQuotaAsync(ann, RestQuota.OpenConversation, HttpMethod.Post, "/api/conversations/direct", new { userId = dan.Id });
        Assert.Empty(await dan.ListConversationsAsync());
        await dan.OpenConversationWithAsync(ann);
    }

    [Fact]
    public async Task SearchingPastTheQuotaIsRefused()
    {
        var (ann, ben) = (await PersonAsync("ann"), await PersonAsync("ben"));
        for (var i = 0; i < TightRestQuotasApi.Burst; i++)
        {
            using var found = await ann.CallAsync(HttpMethod.Get, $"/api/users?search={ben.UserName}");
            Assert.Equal(HttpStatusCode.OK, found.StatusCode);
        }

        await AssertPastQuotaAsync(ann, RestQuota.SearchPeople, HttpMethod.Get, $"/api/users?search={ben.UserName}", null);
        using var bens = await ben.CallAsync(HttpMethod.Get, $"/api/users?search={ann.UserName}");
        Assert.Equal(HttpStatusCode.OK, bens.StatusCode);
    }

    [Fact]
    public async Task SearchingMessagesPastTheQuotaIsRefused()
    {
        var (ann, ben) = (await PersonAsync("ann"), await PersonAsync("ben"));
        for (var i = 0; i < TightRestQuotasApi.Burst; i++)
        {
            using var found = await ann.CallAsync(HttpMethod.Get, "/api/search?q=hello");
            Assert.Equal(HttpStatusCode.OK, found.StatusCode);
        }

        await AssertPastQuotaAsync(ann, RestQuota.SearchMessages, HttpMethod.Get, "/api/search?q=hello", null);
        using var bens = await ben.CallAsync(HttpMethod.Get, "/api/search?q=hello");
        Assert.Equal(HttpStatusCode.OK, bens.StatusCode);
    }

    [Fact]
    public async Task UploadingPastTheQuotaIsRefusedAndStoresNothing()
    {
        var (ann, ben) = (await PersonAsync("ann"), await PersonAsync("ben"));
        for (var i = 0; i < TightRestQuotasApi.Burst; i++)
        {
            await ann.UploadAsync($"file {i}.pdf", FileCalls.Pdf());
        }

        using var response = await ann.PostFileAsync("one more.pdf", new ByteArrayContent(FileCalls.Pdf()));

        await AssertPastQuotaAsync(response, RestQuota.UploadFile);
        Assert.Equal(TightRestQuotasApi.Burst, (await tight.App.StoredFilesAsync(ann)).Count);
        await ben.UploadAsync("ben's.pdf", FileCalls.Pdf());
    }

    [Fact]
    public async Task DownloadingPastTheQuotaIsRefused()
    {
        var (ann, ben) = (await PersonAsync("ann"), await PersonAsync("ben"));
        var conversation = (await ann.OpenConversationWithAsync(ben)).Id;
        var file = await ann.UploadAsync("minutes.pdf", FileCalls.Pdf());
        await using (var device = await ann.ConnectAsync())
        {
            await device.SendFilesAsync(conversation, "the minutes", [file.Id]);
        }

        for (var i = 0; i < TightRestQuotasApi.Burst; i++)
        {
            using var downloaded = await ben.GetFileAsync(file.Id);
            Assert.Equal(HttpStatusCode.OK, downloaded.StatusCode);
        }

        using var refused = await ben.GetFileAsync(file.Id);
        using var thumbnailOrNot = await ben.GetFileAsync(file.Id, "/preview");

        await AssertPastQuotaAsync(refused, RestQuota.DownloadFile);
        Assert.Equal(HttpStatusCode.NotFound, thumbnailOrNot.StatusCode); // counted apart: a PDF has no copy to show
        using var anns = await ann.GetFileAsync(file.Id);
        Assert.Equal(HttpStatusCode.OK, anns.StatusCode);
    }

    private Task<TestUser> PersonAsync(string name) => Accounts.CreateAsync(tight.Api.Address, name);

    private static async Task AssertPastQuotaAsync(TestUser user, string quota, HttpMethod method, string path, object? body)
    {
        using var response = await user.CallAsync(method, path, body);
        await AssertPastQuotaAsync(response, quota);
    }

    private static async Task AssertPastQuotaAsync(HttpResponseMessage response, string quota)
    {
        var refusal = await RestRefusal.ReadAsync(response);

        Assert.Equal((HttpStatusCode.TooManyRequests, "rate_limited"), (refusal.Status, refusal.Code));
        Assert.StartsWith($"Too many {quota} requests; wait ", refusal.Detail);
        Assert.NotNull(response.Headers.RetryAfter?.Delta);
    }
}
