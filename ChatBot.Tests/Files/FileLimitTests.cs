using System.Globalization;
using System.Net;
using ChatBot.ApiService.Files;
using ChatBot.ApiService.Hubs;
using ChatBot.Tests.Infrastructure;
using ChatBot.Tests.Refusals;
using static ChatBot.ApiService.Refusals.RefusalCodes;

namespace ChatBot.Tests.Files;

/// <summary>An API on the shared database whose files may have <see cref="MaxBytes"/> each and <see cref="QuotaBytes"/> a person.</summary>
public sealed class SmallFilesApi(ChatApp app) : IAsyncLifetime
{
    public const int MaxBytes = 1024 * 1024;

    public const int QuotaBytes = 3 * MaxBytes;

    public LoopbackServer<ChatHub> Api { get; private set; } = null!;

    public ChatApp App => app;

    public ValueTask InitializeAsync()
    {
        Api = new LoopbackServer<ChatHub>(new Dictionary<string, string?>
        {
            ["ConnectionStrings:chatdb"] = app.ConnectionString,
            ["RateLimits:SignInsPerClientPerMinute"] = "100000",
            ["RateLimits:SignInsPerMinute"] = "100000",
            ["RateLimits:RestRoutes:UploadFile:Burst"] = "1000",
            ["Files:MaxBytes"] = MaxBytes.ToString(CultureInfo.InvariantCulture),
            ["Files:QuotaBytes"] = QuotaBytes.ToString(CultureInfo.InvariantCulture),
        });
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync() => Api.DisposeAsync();
}

/// <summary>A file's size and a person's storage: each limit refuses with its code whether the client says the size or not, and writes nothing.</summary>
public sealed class FileLimitTests(SmallFilesApi small) : IClassFixture<SmallFilesApi>
{
    [Fact]
    public async Task AFileLargerThanAllowedIsRefusedWhetherOrNotItSaysHowLargeItIs()
    {
        var ann = await Accounts.CreateAsync(small.Api.Address, "ann");
        var tooLarge = FileCalls.Pdf(SmallFilesApi.MaxBytes + 1);

        using var said = await ann.PostFileAsync("said.pdf", new ByteArrayContent(tooLarge));
        using var unsaid = await ann.PostFileAsync("unsaid.pdf", new StreamContent(new UnknownLengthStream(tooLarge)));
        var largest = await ann.UploadAsync("largest.pdf", FileCalls.Pdf(SmallFilesApi.MaxBytes));

        foreach (var response in new[] { said, unsaid })
        {
            var refusal = await RestRefusal.ReadAsync(response);
            Assert.Equal((HttpStatusCode.RequestEntityTooLarge, FileTooLarge, "A file has at most 1 MB."), (refusal.Status, refusal.Code, refusal.Detail));
        }

        Assert.Null(unsaid.RequestMessage!.Content!.Headers.ContentLength);
        Assert.Equal([largest.Id], (await small.App.StoredFilesAsync(ann)).Select(f => f.Id));
    }

    [Fact]
    public async Task UploadsPastThePersonsQuotaAreRefusedEvenWhenTheyComeAtOnce()
    {
        var (ann, ben) = (await Accounts.CreateAsync(small.Api.Address, "ann"), await Accounts.CreateAsync(small.Api.Address, "ben"));
        var file = FileCalls.Pdf(SmallFilesApi.MaxBytes);

        var responses = await Task.WhenAll(Enumerable.Range(0, 6).Select(i => ann.PostFileAsync($"{i}.pdf", new ByteArrayContent(file))));
        using var afterwards = await ann.PostFileAsync("later.pdf", new ByteArrayContent(FileCalls.Pdf(1000)));

        var statuses = responses.Select(r => r.StatusCode).ToList();
        // As many as fit are kept, whichever they are: a refused upload gives its share back as it is refused.
        Assert.Equal(SmallFilesApi.QuotaBytes / SmallFilesApi.MaxBytes, statuses.Count(s => s == HttpStatusCode.Created));
        foreach (var refused in responses.Where(r => r.StatusCode != HttpStatusCode.Created).Append(afterwards))
        {
            var refusal = await RestRefusal.ReadAsync(refused);
            Assert.Equal((HttpStatusCode.Conflict, StorageQuotaExceeded), (refusal.Status, refusal.Code));
        }

        Assert.True((await small.App.StoredFilesAsync(ann)).Sum(f => f.Length) <= SmallFilesApi.QuotaBytes);
        await ben.UploadAsync("ben's.pdf", file);
        Array.ForEach(responses, r => r.Dispose());
    }

    /// <summary>A body sent in chunks, its length unsaid, as a stream whose end the sender does not know yet.</summary>
    private sealed class UnknownLengthStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}
