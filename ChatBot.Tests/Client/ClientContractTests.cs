using System.Diagnostics;
using System.Reflection;
using System.Text.Json;
using ChatBot.ApiService.Hubs;
using ChatBot.ApiService.Refusals;
using ChatBot.Tests.Infrastructure;

namespace ChatBot.Tests.Client;

/// <summary>
/// The browser's contract (ChatBot.Web/wwwroot/js/contract.js) names what the server has: a hub method,
/// an event, a refusal code or a kind of row renamed on one side fails here instead of silently breaking the other.
/// </summary>
public sealed class ClientContractTests
{
    [Fact]
    public async Task TheClientCallsTheHubMethodsTheServerHas()
    {
        var contract = await ClientContractAsync();

        var served = typeof(ChatHub).GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)
            .Where(m => m.GetBaseDefinition().DeclaringType == typeof(ChatHub))
            .Select(m => m.Name);

        Assert.Equal(served.Order(), Names(contract, "HubMethods"));
    }

    [Fact]
    public async Task TheClientListensForTheEventsTheServerSends()
    {
        var contract = await ClientContractAsync();

        Assert.Equal(typeof(IChatClient).GetMethods().Select(m => m.Name).Order(), Names(contract, "ClientEvents"));
    }

    [Fact]
    public async Task TheClientKnowsEveryRefusalCode()
    {
        var contract = await ClientContractAsync();

        var codes = typeof(RefusalCodes).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral)
            .Select(f => (string)f.GetRawConstantValue()!);

        Assert.Equal(codes.Order(), Names(contract, "RefusalCodes"));
    }

    [Fact]
    public async Task TheClientKnowsEveryKindOfRowInAConversationsStream()
    {
        var contract = await ClientContractAsync();

        var kinds = Enum.GetNames<ChatBot.Data.MessageKind>().Select(JsonNamingPolicy.CamelCase.ConvertName);

        Assert.Equal(kinds.Order(), Names(contract, "MessageKinds"));
    }

    private static IEnumerable<string> Names(JsonElement contract, string list) =>
        contract.GetProperty(list).EnumerateObject().Select(p => p.Value.GetString()!).Order();

    /// <summary>The contract module's exports, as node imports them.</summary>
    private static async Task<JsonElement> ClientContractAsync()
    {
        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = Path.Combine(TestPaths.RepositoryRoot, "ChatBot.Web"),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in new[] { "--input-type=module", "-e", "console.log(JSON.stringify(await import('./wwwroot/js/contract.js')))" })
        {
            start.ArgumentList.Add(argument);
        }

        using var node = Process.Start(start)!;
        var output = await node.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var error = await node.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await node.WaitForExitAsync(TestContext.Current.CancellationToken);
        Assert.True(node.ExitCode == 0, error);
        return JsonDocument.Parse(output).RootElement;
    }
}
