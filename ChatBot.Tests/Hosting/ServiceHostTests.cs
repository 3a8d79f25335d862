using ChatBot.ApiService.Hubs;
using ChatBot.Tests.Infrastructure;
using ChatBot.Web.Pages;

namespace ChatBot.Tests.Hosting;

/// <summary>
/// Every service starts in every environment. The AppHost runs them in Development, where the container
/// checks lifetimes at build; a host that only ever ran in Production would not know it breaks there.
/// </summary>
public sealed class ServiceHostTests(ChatApp app) : IDisposable
{
    private readonly TempDirectory _data = new();

    [Theory]
    [InlineData("Development")]
    [InlineData("Production")]
    public async Task TheApiStartsAndAnswers(string environment)
    {
        await using var api = new ValidatedHost<ChatHub>(environment, new Dictionary<string, string?>
        {
            ["ConnectionStrings:chatdb"] = app.ConnectionString,
        });
        using var http = api.CreateClient();

        using var health = await http.GetAsync("/health", TestContext.Current.CancellationToken);

        Assert.Equal(System.Net.HttpStatusCode.OK, health.StatusCode);
    }

    [Theory]
    [InlineData("Development")]
    [InlineData("Production")]
    public async Task TheWebFrontEndStartsAndAnswers(string environment)
    {
        await using var web = new ValidatedHost<IndexModel>(environment, new Dictionary<string, string?>
        {
            ["services:apiservice:http:0"] = app.ApiAddress.ToString(),
        });
        using var http = web.CreateClient();

        using var login = await http.GetAsync("/Account/Login", TestContext.Current.CancellationToken);

        Assert.Equal(System.Net.HttpStatusCode.OK, login.StatusCode);
    }

    [Theory]
    [InlineData("Development")]
    [InlineData("Production")]
    public async Task TheMigrationWorkerMigratesAndExitsZero(string environment)
    {
        await using var worker = ChildProcess.StartDotnet("ChatBot.MigrationWorker", environment: new Dictionary<string, string>
        {
            ["DOTNET_ENVIRONMENT"] = environment,
            ["ConnectionStrings__chatdb"] = $"Data Source={_data.File("chat.db")}",
        });

        var exitCode = await worker.WaitForExitAsync(TimeSpan.FromMinutes(1));

        Assert.True(exitCode == 0, worker.Output);
        Assert.Contains("pending migration(s)", worker.Output, StringComparison.Ordinal);
    }

    public void Dispose() => _data.Dispose();
}
