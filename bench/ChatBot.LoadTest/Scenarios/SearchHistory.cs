using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using ChatBot.LoadTest.Api;
using ChatBot.LoadTest.Measuring;

namespace ChatBot.LoadTest.Scenarios;

/// <summary>
/// S5: searching a big history. Groups of <see cref="GroupSize"/> (1,000 by default) hold the messages (1,000,000),
/// sent through the hub as people send them, in words drawn from a Zipf distribution over a made-up vocabulary;
/// each person is in 50 of the groups. Then one person at a time searches, as the search box does, for common
/// words, rare words and two-word phrases, and the latency of each kind is reported.
/// </summary>
public sealed class SearchHistory(LoadOptions options)
{
    private const int GroupSize = 5;
    private const int ConversationsPerPerson = 50;
    private const int SendsInFlight = 1_000;
    private const int SearchesPerKind = 300;

    private readonly Vocabulary _words = new(new Random(5));

    public async Task<ResultTable> RunAsync()
    {
        var table = new ResultTable(options.Label ?? "S5: search over a big history",
            "query", "searches", "p50 ms", "p99 ms", "max ms", "results on page 1 (mean)");
        var people = options.Conversations * GroupSize / ConversationsPerPerson;
        var accounts = new Accounts(options.Api);
        var users = await accounts.CreateAsync(people, "searcher");
        var groups = new Guid[options.Conversations];
        for (var g = 0; g < groups.Length; g++)
        {
            // Person p is in the groups g with g ≡ p - 20j (mod people) for j = 0…4: 50 groups each with 1,000 groups of 5.
            var members = Enumerable.Range(0, GroupSize).Select(j => users[(g + j * (people / GroupSize)) % people]).ToArray();
            groups[g] = await accounts.CreateGroupAsync(members[0], $"Search group {g}", members.Skip(1));
        }

        var seeding = Stopwatch.StartNew();
        var sent = await SeedAsync(users, groups, people);
        seeding.Stop();
        table.Note($"{options.Conversations:N0} groups of {GroupSize}, {people} people each in {ConversationsPerPerson} of them; " +
            $"{sent:N0} messages of 4–16 words from a Zipf distribution over {Vocabulary.Size:N0} words, sent through the hub in " +
            $"{seeding.Elapsed.TotalSeconds:N0} s ({sent / seeding.Elapsed.TotalSeconds:N0} msgs/s, with the search index on).");

        using var http = new HttpClient { BaseAddress = options.Api, Timeout = TimeSpan.FromMinutes(1) };
        var random = new Random(7);
        var kinds = new (string Kind, Func<string> Query)[]
        {
            ("a common word (one of the 5 most used)", () => _words.Common(random)),
            ("a rare word (rank 4,000–5,000)", () => _words.Rare(random)),
            ("a phrase of two common words, quoted", () => $"\"{_words.Common(random)} {_words.Common(random)}\""),
        };

        // Every kind, unmeasured: the server compiles the code of each, and the newest rows, which every search reads
        // first, have their first reads (the seeding's last 100,000 or so, not yet vacuumed, get their hint bits).
        var warmup = TimeSpan.FromSeconds(options.FirstWarmupSeconds);
        for (var (watch, k) = (Stopwatch.StartNew(), 0); watch.Elapsed < warmup; k++)
        {
            await MeasureAsync(http, users, 1, kinds[k % kinds.Length].Query, random);
        }

        foreach (var (kind, query) in kinds)
        {
            var (latency, found) = await MeasureAsync(http, users, SearchesPerKind, query, random);
            table.Add(kind, SearchesPerKind, latency.PercentileMilliseconds(50), latency.PercentileMilliseconds(99), latency.MaxMilliseconds, found / (double)SearchesPerKind);
        }

        table.Note($"Each search by one person picked at random, one at a time after {warmup.TotalSeconds:N0} s of unmeasured ones of every kind; the first page (20, newest first).");
        return table;
    }

    private async Task<long> SeedAsync(User[] users, Guid[] groups, int people)
    {
        var devices = new ChatConnection[users.Length];
        for (var i = 0; i < users.Length; i++)
        {
            devices[i] = await ChatConnection.ConnectAsync(options.Hub, users[i], options.MessagePack);
        }

        using var inFlight = new SemaphoreSlim(SendsInFlight);
        var failed = 0L;
        var random = new Random(11);
        var sends = new List<Task>(SendsInFlight);
        for (long k = 0; k < options.Messages; k++)
        {
            var g = (int)(k % groups.Length);
            var sender = (g + (int)(k / groups.Length % GroupSize) * (people / GroupSize)) % people;
            await inFlight.WaitAsync();
            _ = devices[sender].SendAsync(groups[g], _words.Sentence(random)).ContinueWith(sent =>
            {
                if (!sent.IsCompletedSuccessfully)
                {
                    Interlocked.Increment(ref failed);
                }

                inFlight.Release();
            }, TaskContinuationOptions.ExecuteSynchronously);
        }

        for (var i = 0; i < SendsInFlight; i++)
        {
            await inFlight.WaitAsync();
        }

        foreach (var device in devices)
        {
            await device.DisposeAsync();
        }

        return failed == 0 ? options.Messages : throw new InvalidOperationException($"{failed} of {options.Messages} sends were not acknowledged.");
    }

    private static async Task<(LatencyHistogram Latency, long Found)> MeasureAsync(HttpClient http, User[] users, int searches, Func<string> query, Random random)
    {
        var latency = new LatencyHistogram();
        var found = 0L;
        for (var i = 0; i < searches; i++)
        {
            var user = users[random.Next(users.Length)];
            using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/search?q={Uri.EscapeDataString(query())}");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", user.AccessToken);
            var started = Stopwatch.GetTimestamp();
            using var response = await http.SendAsync(request);
            var page = await response.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>();
            latency.Record(Stopwatch.GetElapsedTime(started));
            found += page.GetProperty("results").GetArrayLength();
        }

        return (latency, found);
    }

    /// <summary>Made-up words of two syllables, used with Zipf's frequencies: the first few in most messages, the last in a few hundred.</summary>
    private sealed class Vocabulary
    {
        public const int Size = 5_000;
        private static readonly string[] Consonants = ["b", "d", "f", "g", "k", "l", "m", "n", "p", "r", "s", "t", "v", "z", "ch", "sh", "th", "br", "st", "pl"];
        private static readonly string[] Vowels = ["a", "e", "i", "o", "u"];
        private readonly string[] _words = new string[Size];
        private readonly double[] _cumulative = new double[Size];

        public Vocabulary(Random random)
        {
            var syllables = Consonants.SelectMany(c => Vowels.Select(v => c + v)).ToArray();
            var order = Enumerable.Range(0, syllables.Length * syllables.Length).OrderBy(_ => random.Next()).ToArray();
            var total = 0.0;
            for (var rank = 0; rank < Size; rank++)
            {
                _words[rank] = syllables[order[rank] / syllables.Length] + syllables[order[rank] % syllables.Length];
                total += 1.0 / (rank + 1);
                _cumulative[rank] = total;
            }
        }

        public string Sentence(Random random) =>
            string.Join(' ', Enumerable.Range(0, random.Next(4, 17)).Select(_ => _words[Rank(random)]));

        public string Common(Random random) => _words[random.Next(5)];

        public string Rare(Random random) => _words[random.Next(4_000, Size)];

        private int Rank(Random random)
        {
            var index = Array.BinarySearch(_cumulative, random.NextDouble() * _cumulative[^1]);
            return index >= 0 ? index : ~index;
        }
    }
}
