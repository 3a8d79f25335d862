using System.Text;

namespace ChatBot.LoadTest.Measuring;

/// <summary>A scenario's results as a Markdown table, for the console and for docs/benchmarks.md.</summary>
public sealed class ResultTable(string title, params string[] columns)
{
    private readonly List<string[]> _rows = [];
    private readonly List<string> _notes = [];

    /// <summary>False once the scenario found something the delivery contract forbids (a message lost, a connection refused).</summary>
    public bool Passed { get; private set; } = true;

    public void Note(string note) => _notes.Add(note);

    public void Fail(string reason)
    {
        Passed = false;
        _notes.Add($"**Failed:** {reason}");
    }

    private readonly List<Dictionary<string, double>> _values = [];

    public void Add(params object[] cells)
    {
        // A cell with no value ("–") is left out: JSON has no NaN.
        _values.Add(columns.Zip(cells).Where(c => c.Second is long or int || c.Second is double number && !double.IsNaN(number))
            .ToDictionary(c => c.First, c => Convert.ToDouble(c.Second, System.Globalization.CultureInfo.InvariantCulture)));
        AddText(cells);
    }

    /// <summary>The table as one line of JSON, named by <paramref name="key"/>: what the summary of targets reads.</summary>
    public string SummaryLine(string key) => System.Text.Json.JsonSerializer.Serialize(new SummaryEntry(key, title, Passed, _values));

    private void AddText(object[] cells) =>
        _rows.Add(cells.Select(cell => cell switch
        {
            double number => double.IsNaN(number) ? "–" : number.ToString(number >= 100 ? "N0" : "0.0#", System.Globalization.CultureInfo.InvariantCulture),
            long or int => string.Format(System.Globalization.CultureInfo.InvariantCulture, "{0:N0}", cell),
            _ => cell.ToString() ?? "",
        }).ToArray());

    public override string ToString()
    {
        var text = new StringBuilder();
        text.AppendLine($"### {title}").AppendLine();
        text.AppendLine($"| {string.Join(" | ", columns)} |");
        text.AppendLine($"|{string.Concat(columns.Select(_ => "---|"))}");
        foreach (var row in _rows)
        {
            text.AppendLine($"| {string.Join(" | ", row)} |");
        }

        if (_notes.Count > 0)
        {
            text.AppendLine();
            _notes.ForEach(note => text.AppendLine(note));
        }

        return text.ToString();
    }
}

/// <summary>One scenario's results, for the summary of targets.</summary>
public sealed record SummaryEntry(string Key, string Title, bool Passed, List<Dictionary<string, double>> Rows);
