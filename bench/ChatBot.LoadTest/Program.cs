using ChatBot.LoadTest;
using ChatBot.LoadTest.Scenarios;

LoadOptions options;
try
{
    options = LoadOptions.Parse(args);
}
catch (Exception exception) when (exception is ArgumentException or FormatException)
{
    Console.Error.WriteLine($"{exception.Message}\n\n{LoadOptions.Usage}");
    return 2;
}

if (options.Scenario == "targets")
{
    Console.WriteLine(Targets.Render(options.Summary ?? throw new ArgumentException("--summary is required.")));
    return 0;
}

if (options.Scenario == "fresh" && new FreshStart(options) is { IsPrepared: false } fresh)
{
    await fresh.PrepareAsync();
    Console.WriteLine($"The pairs and their conversations are in {options.Accounts}.");
    return 0;
}

var table = options.Scenario switch
{
    "s1" or "s1mix" => await new OneToOne(options).RunAsync(),
    "s2" => await new IdleCapacity(options).RunAsync(),
    "s3" => await new CatchUp(options).RunAsync(),
    "s4" => await new GroupChat(options).RunAsync(),
    "s5" => await new SearchHistory(options).RunAsync(),
    "s6" => await new FileTransfer(options).RunAsync(),
    "fresh" => await new FreshStart(options).RunAsync(),
    _ => null,
};

if (table is null)
{
    Console.Error.WriteLine($"Unknown scenario '{options.Scenario}'.\n\n{LoadOptions.Usage}");
    return 2;
}

Console.WriteLine(table);
if (options.Output is not null)
{
    await File.AppendAllTextAsync(options.Output, $"{table}\n");
}

if (options.Summary is not null)
{
    await File.AppendAllTextAsync(options.Summary, $"{table.SummaryLine(options.Key ?? options.Scenario)}\n");
}

return table.Passed ? 0 : 1;
