using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using ChatBot.LoadTest.Api;
using ChatBot.LoadTest.Measuring;
using NetVips;

namespace ChatBot.LoadTest.Scenarios;

/// <summary>
/// S6: files, uploaded and downloaded through the API the way the browser does (one file a request, its bytes
/// as the body): small files and large ones, phone photos (each re-encoded on the server), then twenty
/// files of the largest size (<c>--file-mb</c>) at once, with how much the API's memory grew meanwhile. Every file is distinct, so
/// nothing is stored once for two.
/// </summary>
public sealed class FileTransfer(LoadOptions options)
{
    private const int AtOnce = 20;

    private readonly HttpClient _http = new() { BaseAddress = options.Api, Timeout = TimeSpan.FromMinutes(5) };
    private readonly ServerProcess _server = new(options.ServerPids);

    /// <summary>The API alone (the first of the server's processes): PostgreSQL's memory is its cache, not the API's.</summary>
    private readonly ServerProcess _api = new(options.ServerPids.Take(1).ToList());

    public async Task<ResultTable> RunAsync()
    {
        var table = new ResultTable(
            options.Label ?? "S6: files", "transfer", "files", "in flight", "files/s", "MB/s", "p50 ms", "p99 ms", "API CPU ms/file", "API memory growth MB");
        var accounts = new Accounts(options.Api);
        var users = await accounts.CreateAsync(2, "files");
        var (sender, receiver) = (users[0], users[1]);
        var conversation = await accounts.OpenConversationAsync(sender, receiver);

        // Unmeasured: the server's code paths warmed up, the JIT settled on them.
        await UploadAllAsync(sender, Enumerable.Range(0, 20).Select(i => Distinct(new byte[100_000], i)).ToList(), 4);
        await UploadAllAsync(sender, [Photo(seed: 1)], 1);

        var small = options.Files;
        var large = Math.Max(1, options.Files / 20);
        var photos = Math.Max(1, options.Files / 20);
        await MeasureAsync(table, "100 KB uploads", small, 4, async i => (await UploadAsync(sender, Distinct(new byte[100_000], 1000 + i))).Length);
        var largeIds = new Guid[large];
        await MeasureAsync(table, "5 MB uploads", large, 4, i => UploadIntoAsync(largeIds, i, sender, Distinct(new byte[5_000_000], 2000 + i)));
        // Each photo of its own pixels, so that its copies are stored too, not found stored already.
        var distinctPhotos = Enumerable.Range(0, photos).Select(i => Photo(seed: 2 + i)).ToList();
        await MeasureAsync(table, "12 MP photos (re-encoded)", photos, 2, async i => (await UploadAsync(sender, distinctPhotos[i])).Length);

        await SendAsync(sender, conversation, largeIds);
        await MeasureAsync(table, "5 MB downloads", large, 4, i => DownloadAsync(receiver, largeIds[i], 5_000_000));

        var largestIds = new Guid[AtOnce];
        var largest = options.FileMegabytes * 1024 * 1024;
        await MeasureAsync(table, $"{options.FileMegabytes} MB uploads, {AtOnce} at once", AtOnce, AtOnce,
            i => UploadIntoAsync(largestIds, i, sender, Distinct(new byte[largest], 4000 + i)));
        await SendAsync(sender, conversation, largestIds[..10]);
        await SendAsync(sender, conversation, largestIds[10..]);
        await MeasureAsync(table, $"{options.FileMegabytes} MB downloads, {AtOnce} at once", AtOnce, AtOnce, i => DownloadAsync(receiver, largestIds[i], largest));

        table.Note($"Photos: {distinctPhotos[0].Length / 1024} KB JPEG, 4000 × 3000, each stored, then decoded once into the viewer's copy and the thumbnail made from that.");
        table.Note("CPU: the server's processes (the API, and PostgreSQL where it runs). Memory growth: the API's peak resident memory during the row over its resident memory before it.");
        return table;
    }

    /// <summary>Runs <paramref name="count"/> transfers, <paramref name="inFlight"/> at a time, and adds their row.</summary>
    /// <param name="transfer">The i-th transfer, which answers how many bytes it carried.</param>
    private async Task MeasureAsync(ResultTable table, string name, int count, int inFlight, Func<int, Task<long>> transfer)
    {
        var before = (Cpu: _server.IsKnown ? _server.CpuTime : TimeSpan.Zero, Memory: _api.IsKnown ? _api.ResidentBytes : 0);
        var peak = before.Memory;
        using var sampling = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested && _api.IsKnown)
            {
                peak = Math.Max(peak, _api.ResidentBytes);
                await Task.Delay(20, CancellationToken.None);
            }
        });

        var latency = new LatencyHistogram();
        var bytes = 0L;
        var started = Stopwatch.GetTimestamp();
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = inFlight }, async (i, _) =>
        {
            var one = Stopwatch.GetTimestamp();
            Interlocked.Add(ref bytes, await transfer(i));
            latency.Record(Stopwatch.GetElapsedTime(one));
        });
        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        await sampling.CancelAsync();
        await sampler;

        table.Add(
            name, count, inFlight, count / seconds, bytes / 1e6 / seconds, latency.PercentileMilliseconds(50), latency.PercentileMilliseconds(99),
            _server.IsKnown ? (_server.CpuTime - before.Cpu).TotalMilliseconds / count : double.NaN,
            _api.IsKnown ? (peak - before.Memory) / 1e6 : double.NaN);
    }

    private async Task<(Guid Id, long Length)> UploadAsync(User user, byte[] bytes)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/files?name=file-{Guid.NewGuid():N}.bin") { Content = new ByteArrayContent(bytes) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", user.AccessToken);
        using var response = await _http.SendAsync(request);
        if (response.StatusCode != HttpStatusCode.Created)
        {
            throw new InvalidOperationException($"An upload was answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }

        return ((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid(), bytes.Length);
    }

    /// <summary>Uploads, and keeps the file's id at its place in <paramref name="ids"/>.</summary>
    private async Task<long> UploadIntoAsync(Guid[] ids, int index, User user, byte[] bytes)
    {
        var (id, length) = await UploadAsync(user, bytes);
        ids[index] = id;
        return length;
    }

    private async Task UploadAllAsync(User user, List<byte[]> files, int inFlight) =>
        await Parallel.ForEachAsync(files, new ParallelOptions { MaxDegreeOfParallelism = inFlight }, async (file, _) => await UploadAsync(user, file));

    /// <summary>Reads the whole file as it streams in, and checks that all of it came.</summary>
    private async Task<long> DownloadAsync(User user, Guid file, long expected)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/files/{file}");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", user.AccessToken);
        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        await using var body = await response.Content.ReadAsStreamAsync();
        var buffer = new byte[81920];
        long length = 0;
        for (int read; (read = await body.ReadAsync(buffer)) > 0;)
        {
            length += read;
        }

        return length == expected ? length : throw new InvalidOperationException($"A download of {expected} bytes brought {length}.");
    }

    /// <summary>The files go with a message, so that the other person may download them.</summary>
    private async Task SendAsync(User user, Guid conversation, Guid[] files)
    {
        await using var device = await ChatConnection.ConnectAsync(options.Hub, user, options.MessagePack);
        await device.SendFilesAsync(conversation, files);
    }

    /// <summary>The bytes made unlike every other file of the run: their first 4 KB random.</summary>
    private static byte[] Distinct(byte[] bytes, int seed)
    {
        var copy = bytes.ToArray();
        new Random(seed).NextBytes(copy.AsSpan(0, Math.Min(copy.Length, 4096)));
        return copy;
    }

    /// <summary>A phone's photo: 12 megapixels of softened noise, which a JPEG encoder makes about as large as a real scene's.</summary>
    private static byte[] Photo(int seed)
    {
        // On one thread, as the API encodes: where the generator shares the machine with the servers (the tests), it takes one core.
        NetVips.NetVips.Concurrency = 1;
        using var raw = Image.Gaussnoise(4000, 3000, mean: 128, sigma: 40, seed: seed);
        using var noise = raw.Gaussblur(1.2);
        using var bands = noise.Bandjoin(noise.Rot180(), noise.FlipHor()).Cast(Enums.BandFormat.Uchar);
        return bands.JpegsaveBuffer(q: 85);
    }

}
