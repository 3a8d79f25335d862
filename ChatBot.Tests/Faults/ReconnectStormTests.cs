using System.Diagnostics;
using ChatBot.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR.Client;

namespace ChatBot.Tests.Faults;

/// <summary>Hundreds of connections lose their server at once and all come back when it does.</summary>
[LongRunning]
public sealed class ReconnectStormTests : IDisposable
{
    private const int Pairs = 15;
    private const int DevicesPerPerson = 10;

    private readonly TempDirectory _data = new();

    [Fact]
    public async Task ThreeHundredConnectionsRecoverFullyAfterTheApiIsKilled()
    {
        var database = $"Data Source={_data.File("chat.db")}";
        await MigrationWorkerProcess.MigrateAsync(database);
        var port = Ports.Free();
        var api = await ApiProcess.StartAsync(database, port: port);
        var people = new List<(TestUser User, Guid Conversation, List<ChatConnection> Devices)>();
        try
        {
            for (var pair = 0; pair < Pairs; pair++)
            {
                var left = await Accounts.CreateAsync(api.Address, "left");
                var right = await Accounts.CreateAsync(api.Address, "right");
                var conversation = (await left.OpenConversationWithAsync(right)).Id;
                people.Add((left, conversation, []));
                people.Add((right, conversation, []));
            }

            foreach (var (user, _, devices) in people)
            {
                devices.AddRange(await Task.WhenAll(Enumerable.Range(0, DevicesPerPerson)
                    .Select(_ => ChatConnection.ConnectAsync(api.Address, user.AccessToken, reconnect: true))));
            }

            var all = people.SelectMany(p => p.Devices).ToList();
            var reconnected = 0;
            all.ForEach(device => device.Hub.Reconnected += _ =>
            {
                Interlocked.Increment(ref reconnected);
                return Task.CompletedTask;
            });

            await api.KillAsync();
            await Poll.UntilAsync(() => all.All(d => d.Hub.State != HubConnectionState.Connected), TimeSpan.FromSeconds(30), "every connection to notice");
            var storm = Stopwatch.StartNew();
            await api.DisposeAsync();
            api = await ApiProcess.StartAsync(database, port: port);
            await Poll.UntilAsync(() => all.All(d => d.Hub.State == HubConnectionState.Connected), TimeSpan.FromSeconds(60), "every connection to be back");
            storm.Stop();

            // Everyone writes once, from their first device: every other device of both people receives it.
            var sent = await Task.WhenAll(people.Select(p => p.Devices[0].SendAsync(p.Conversation, $"back, says {p.User.UserName}")));
            foreach (var (user, conversation, devices) in people)
            {
                var expected = sent.Where(m => m.ConversationId == conversation).ToList();
                foreach (var (device, index) in devices.Select((device, index) => (device, index)))
                {
                    var toReceive = expected.Where(m => index > 0 || m.SenderId != user.Id).Select(m => m.Seq).ToList();
                    await device.Messages.WaitUntilAsync(received => toReceive.All(seq => received.Any(m => m.Seq == seq)));
                }
            }

            TestContext.Current.TestOutputHelper!.WriteLine(
                $"{all.Count} connections: {reconnected} reconnected {storm.Elapsed.TotalSeconds:0.0} s after the API was restarted (process start included); " +
                $"{sent.Length} messages then delivered to all {2 * DevicesPerPerson} devices of their pair (the sending one by its acknowledgement), lost 0");
            Assert.Equal(all.Count, reconnected);
        }
        finally
        {
            foreach (var device in people.SelectMany(p => p.Devices))
            {
                await device.DisposeAsync();
            }

            await api.DisposeAsync();
        }
    }

    public void Dispose() => _data.Dispose();
}
