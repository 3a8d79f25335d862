using System.Globalization;
using System.Text;
using System.Text.Json;
using ChatBot.LoadTest.Measuring;

namespace ChatBot.LoadTest.Scenarios;

/// <summary>
/// The targets beside what a run of bench/run.sh measured: reads the results each scenario wrote
/// (<c>--summary</c>) and says, for each target, whether it was met.
/// </summary>
public static class Targets
{
    /// <summary>A rate is held when nearly all of it is delivered, fast enough.</summary>
    private const double DeliveredShare = 0.99;

    public static string Render(string summaryFile)
    {
        var results = File.ReadAllLines(summaryFile).Where(line => line.Length > 0)
            .Select(line => JsonSerializer.Deserialize<SummaryEntry>(line)!)
            .ToDictionary(entry => entry.Key);
        var text = new StringBuilder("| Scenario | Target | Measured | |\n|---|---|---|---|\n");
        void Row(string scenario, string target, string measured, bool? met) =>
            text.AppendLine($"| {scenario} | {target} | {measured} | {(met is null ? "reported" : met.Value ? "met" : "**not met**")} |");

        // Every target but search's is a ratio to a bound measured in the same run: this machine's speed moves from day to day.
        results.TryGetValue("s1", out var s1);
        if (s1 is not null)
        {
            Row("S1 one-to-one, JSON, SQLite", "(reported: the rate held at p99 ≤ 50 ms)", $"{Number(HeldRate(s1))} msgs/s; {Number(CpuAt(s1, HeldRate(s1)))} µs of CPU per message there", null);
        }

        if (results.TryGetValue("bare", out var bare))
        {
            Row("The bound: a bare SignalR hub, nothing stored, JSON", "(measured alongside)", $"{Number(HeldRate(bare))} msgs/s; {Number(CpuAt(bare, HeldRate(bare)))} µs per message there", null);
            if (s1 is not null)
            {
                var share = HeldRate(s1) / HeldRate(bare);
                Row("S1 against the bound", "≥ 0.75× the bare hub's rate held at p99 ≤ 50 ms", $"{share:0.00}×", share >= 0.75);
            }
        }

        if (results.TryGetValue("web", out var web) && s1 is not null)
        {
            var held = HeldRate(web);
            var share = held / HeldRate(s1);
            Row("S1 through the web front end, as browsers connect", "≥ 0.8× the rate S1 direct holds at p99 ≤ 50 ms", $"{Number(held)} msgs/s: {share:0.00}×", share >= 0.8);

            // The same rate in both: the highest the front end held, or its lowest if it held none.
            var rate = held > 0 ? held : web.Rows.Min(row => row["offered msgs/s"]);
            var cpu = CpuAt(web, rate) / CpuAt(s1, rate);
            Row("", "CPU per message, front end and API together, ≤ 1.3× the API's alone at the same rate",
                $"{Number(CpuAt(web, rate))} against {Number(CpuAt(s1, rate))} µs at {Number(rate)} msgs/s: {cpu:0.00}×", cpu <= 1.3);
        }

        if (results.TryGetValue("s2web", out var s2web))
        {
            var row = s2web.Rows[0];
            Row("S2 through the web front end: idle connections", "≤ 60 KiB per connection, front end and API together", $"{Number(row["KiB per connection"])} KiB", row["KiB per connection"] <= 60);
            Row("", "≥ 1,000 connects/s", $"{Number(row["connects/s"])}/s", row["connects/s"] >= 1_000);
        }

        if (results.TryGetValue("s1fresh", out var fresh))
        {
            // Its last row is the steady state (seconds 60–90); the others are its 5 s windows from the first send.
            var steady = fresh.Rows[^1]["p99 ms"];
            var worst = fresh.Rows.SkipLast(1).Where(row => row["from s"] >= 10).Max(row => row["p99 ms"]);
            var first = fresh.Rows[0]["p99 ms"];
            Row("A freshly started API under S1", "p99 within 2× of the steady state's in every 5 s window from the 10th second",
                $"worst {Number(worst)} ms against {Number(steady)} ms steady: {worst / steady:0.0}× (the first 5 s: {Number(first)} ms)", worst <= 2 * steady);
        }

        if (results.TryGetValue("s1mix", out var mix))
        {
            var plain = s1 is not null ? $"; plain S1 {Number(HeldRate(s1))}" : "";
            Row("S1 mix: 80% sends, 10% reactions, 5% edits, 5% deletions, JSON, SQLite", "(reported beside S1: held at p99 ≤ 50 ms)",
                $"{Number(HeldRate(mix))} actions/s{plain}", null);
        }

        if (results.TryGetValue("s1mp", out var s1mp))
        {
            Row("S1 with MessagePack", "(reported)", $"{Number(HeldRate(s1mp))} msgs/s held at p99 ≤ 50 ms", null);
        }

        if (results.TryGetValue("s2", out var s2))
        {
            var row = s2.Rows[0];
            Row("S2 idle connections, direct", "(reported)",
                $"{Number(row["connections"])} connections, {Number(row["KiB per connection"])} KiB each, {Number(row["connects/s"])} connects/s", null);
        }

        if (results.TryGetValue("s3", out var s3))
        {
            var ms = s3.Rows[0]["catch-up ms"];
            Row("S3 catch-up", "(reported)", $"{Number(s3.Rows[0]["missed messages"])} missed messages shown in {Number(ms)} ms", null);
        }

        if (results.TryGetValue("s1pg", out var s1pg))
        {
            Row("S1 on PostgreSQL, JSON", "(reported)", $"{Number(HeldRate(s1pg))} msgs/s held at p99 ≤ 50 ms; {Number(CpuAt(s1pg, HeldRate(s1pg)))} µs per message there", null);
        }

        if (results.TryGetValue("s4", out var s4))
        {
            // Held: the highest rate of sends whose deliveries to every member all arrived, with p99 to the last member ≤ 50 ms.
            var held = s4.Rows.Where(row => row["lost"] == 0 && row["p99 ms"] <= 50).Select(row => row["offered msgs/s"]).DefaultIfEmpty(0).Max();
            var best = s4.Rows.Select(row => row["delivered msgs/s"]).DefaultIfEmpty(double.NaN).Max();
            Row("S4 groups of 10, JSON, SQLite", "(reported)",
                $"{Number(held)} sends/s held at p99 ≤ 50 ms to the last member; up to {Number(best)} deliveries/s", null);
        }

        foreach (var (key, database) in new[] { ("s5", "SQLite"), ("s5pg", "PostgreSQL") })
        {
            if (results.TryGetValue(key, out var s5))
            {
                // The rows are in the order SearchHistory measures them.
                foreach (var (row, query) in s5.Rows.Zip(["a common word", "a rare word", "a two-word phrase"]))
                {
                    Row(query == "a common word" ? $"S5 search over a big history, {database}" : "", $"{query}: p99 ≤ 50 ms for a person in 50 conversations",
                        $"p50 {Number(row["p50 ms"])} ms, p99 {Number(row["p99 ms"])} ms", row["p99 ms"] <= 50);
                }
            }
        }

        foreach (var (key, database) in new[] { ("s6", "SQLite"), ("s6pg", "PostgreSQL") })
        {
            if (results.TryGetValue(key, out var s6))
            {
                // The rows are in the order FileTransfer measures them.
                var (small, large, photos, largeAtOnce, downloadsAtOnce) = (s6.Rows[0], s6.Rows[1], s6.Rows[2], s6.Rows[4], s6.Rows[5]);
                Row($"S6 files, {database}", "(reported)",
                    $"100 KB: {Number(small["files/s"])} uploads/s ({Number(small["MB/s"])} MB/s); 5 MB: {Number(large["files/s"])} uploads/s ({Number(large["MB/s"])} MB/s); " +
                    $"a 12 MP photo: {Number(photos["API CPU ms/file"])} ms of CPU, stored and re-encoded", null);
                var growth = Math.Max(largeAtOnce["API memory growth MB"], downloadsAtOnce["API memory growth MB"]);
                Row("", "twenty 25 MB uploads, then downloads, at once: the API's memory grows ≤ 100 MB",
                    $"{Number(largeAtOnce["API memory growth MB"])} MB uploading, {Number(downloadsAtOnce["API memory growth MB"])} MB downloading", growth <= 100);
            }
        }

        return text.ToString();
    }

    /// <summary>The highest rate offered that was delivered in full at p99 ≤ 50 ms; 0 if none was.</summary>
    private static double HeldRate(SummaryEntry s1) => s1.Rows
        .Where(row => row["delivered msgs/s"] >= DeliveredShare * row["offered msgs/s"] && row["p99 ms"] <= 50)
        .Select(row => row["offered msgs/s"])
        .DefaultIfEmpty(0)
        .Max();

    private static double CpuAt(SummaryEntry s1, double rate) =>
        s1.Rows.FirstOrDefault(row => row["offered msgs/s"] == rate)?.GetValueOrDefault("CPU µs/msg", double.NaN) ?? double.NaN;

    private static string Number(double value) =>
        double.IsNaN(value) ? "–" : value.ToString(value >= 100 ? "N0" : "0.#", CultureInfo.InvariantCulture);
}
