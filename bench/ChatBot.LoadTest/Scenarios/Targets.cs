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

        foreach (var (key, name) in new[] { ("s1", "S1 one-to-one, JSON, SQLite"), ("s1mp", "S1 one-to-one, MessagePack, SQLite") })
        {
            if (results.TryGetValue(key, out var s1))
            {
                var held = HeldRate(s1, p50: 5);
                Row(name, "≥ 16,000 msgs/s at p99 ≤ 50 ms, p50 ≤ 5 ms", $"{Number(held)} msgs/s", held >= 16_000);
                var cpu = CpuAt(s1, 8_000);
                Row("", "≤ 50 µs of server CPU per message at 8,000 msgs/s", $"{Number(cpu)} µs", cpu <= 50);
            }
        }

        if (results.TryGetValue("s1mix", out var mix))
        {
            var plain = results.TryGetValue("s1", out var s1) ? $"; plain S1 {Number(HeldRate(s1, p50: null))}" : "";
            Row("S1 mix: 80% sends, 10% reactions, 5% edits, 5% deletions, JSON, SQLite", "(reported beside S1: held at p99 ≤ 50 ms)",
                $"{Number(HeldRate(mix, p50: null))} actions/s{plain}", null);
        }

        if (results.TryGetValue("bare", out var bare))
        {
            var held = HeldRate(bare, p50: 5);
            var cpu = CpuAt(bare, 8_000);
            Row("The bound: a bare SignalR hub, JSON", "(measured alongside)", $"{Number(held)} msgs/s; {Number(cpu)} µs per message at 8,000", null);
            if (results.TryGetValue("s1", out var s1))
            {
                Row("S1 as a share of the bound", "(reported)",
                    $"{HeldRate(s1, p50: 5) / held:P0} of its rate; {CpuAt(s1, 8_000) / cpu:0.0}× its CPU per message", null);
            }
        }

        if (results.TryGetValue("web", out var web))
        {
            var held = HeldRate(web, p50: null);
            Row("S1 through the web front end, JSON (front end and API on one core)", "≥ 8,000 msgs/s at p99 ≤ 50 ms", $"{Number(held)} msgs/s; {Number(CpuAt(web, 8_000))} µs per message at 8,000", held >= 8_000);
        }

        if (results.TryGetValue("s2web", out var s2web))
        {
            var kib = s2web.Rows[0]["KiB per connection"];
            Row("S2 through the web front end", "≤ 60 KiB per idle connection, front end and API together", $"{Number(kib)} KiB", kib <= 60);
        }

        if (results.TryGetValue("s2", out var s2))
        {
            var row = s2.Rows[0];
            Row("S2 idle connections", "≥ 20,000 connections", Number(row["connections"]), row["connections"] >= 20_000);
            Row("", "≤ 40 KiB of server memory each", $"{Number(row["KiB per connection"])} KiB", row["KiB per connection"] <= 40);
            Row("", "≥ 1,000 connects/s", $"{Number(row["connects/s"])}/s", row["connects/s"] >= 1_000);
        }

        if (results.TryGetValue("s3", out var s3))
        {
            var ms = s3.Rows[0]["catch-up ms"];
            Row("S3 catch-up", $"{Number(s3.Rows[0]["missed messages"])} missed messages shown in ≤ 500 ms", $"{Number(ms)} ms", ms <= 500);
        }

        if (results.TryGetValue("s1pg", out var s1pg))
        {
            Row("S1 on PostgreSQL, JSON", "(reported)", $"{Number(HeldRate(s1pg, p50: null))} msgs/s held at p99 ≤ 50 ms; {Number(CpuAt(s1pg, 8_000))} µs per message at 8,000", null);
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

        return text.ToString();
    }

    /// <summary>The highest rate offered that was delivered in full within the latency targets; 0 if none was.</summary>
    private static double HeldRate(SummaryEntry s1, double? p50) => s1.Rows
        .Where(row => row["delivered msgs/s"] >= DeliveredShare * row["offered msgs/s"] && row["p99 ms"] <= 50 && (p50 is null || row["p50 ms"] <= p50))
        .Select(row => row["offered msgs/s"])
        .DefaultIfEmpty(0)
        .Max();

    private static double CpuAt(SummaryEntry s1, double rate) =>
        s1.Rows.FirstOrDefault(row => row["offered msgs/s"] == rate)?.GetValueOrDefault("CPU µs/msg", double.NaN) ?? double.NaN;

    private static string Number(double value) =>
        double.IsNaN(value) ? "–" : value.ToString(value >= 100 ? "N0" : "0.#", CultureInfo.InvariantCulture);
}
