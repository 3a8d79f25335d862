namespace ChatBot.Tests.Client;

/// <summary>
/// The browser client's unit tests, written for node's own test runner (ChatBot.Web/ClientTests), each
/// one an xunit test here: <c>dotnet test</c> runs them with the rest and counts each.
/// </summary>
public sealed class ClientUnitTests
{
    public static TheoryData<string> Tests => [.. NodeTests.List()];

    [Theory]
    [MemberData(nameof(Tests))]
    public async Task Passes(string test)
    {
        var result = await NodeTests.ResultOfAsync(test);

        Assert.True(result is not null, test);
        TestContext.Current.TestOutputHelper!.WriteLine(
            $"node --test: {(result.Passed ? "ok" : "not ok")} {result.Name} ({result.DurationMs:0.0} ms)");
        Assert.False(result.Skipped, $"{test} was skipped");
        Assert.True(result.Passed, $"{test} failed:\n{result.Error}");
    }
}
