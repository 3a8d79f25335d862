using System.Net;

namespace ChatBot.Tests.Infrastructure;

/// <summary>
/// Test hosts on this machine (<see cref="TestHost"/>: a network namespace each), on a network of their own: a
/// bridge with a subnet that routes nowhere else (no default route in any host, no NAT). The tests, in this
/// machine's own namespace, are its first address, as a client machine. Made only where the subnet is free,
/// and torn down after, and before (what a failed run left): one run at a time on a machine. Needs root, as CI has.
/// </summary>
public sealed class TestNetwork : IAsyncDisposable
{
    /// <summary>The network's addresses: .1 is the tests', the hosts' from .10.</summary>
    public const string Subnet = "10.213.47.0/24";

    private const string Prefix = "cbt-";
    private const string Bridge = Prefix + "net";
    private const string Base = "10.213.47.";
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(30);

    private readonly Dictionary<string, TestHost> _hosts = [];

    private TestNetwork()
    {
    }

    /// <summary>The tests' own address on the network.</summary>
    public static IPAddress ClientAddress { get; } = IPAddress.Parse(Base + "1");

    public TestHost this[string name] => _hosts[name];

    /// <summary>A host for each name, each with the next address, all on one bridge.</summary>
    public static async Task<TestNetwork> CreateAsync(params string[] hostNames)
    {
        var network = new TestNetwork();
        try
        {
            await RemoveLeftoversAsync();
            await EnsureSubnetIsFreeAsync();
            await IpAsync("link", "add", Bridge, "type", "bridge");
            await IpAsync("addr", "add", $"{ClientAddress}/24", "dev", Bridge);
            await IpAsync("link", "set", Bridge, "up");
            foreach (var (name, i) in hostNames.Select((name, i) => (name, i)))
            {
                var host = new TestHost(Prefix + name, IPAddress.Parse(Base + (10 + i)));
                await IpAsync("netns", "add", host.Name);
                network._hosts[name] = host;
                // A cable from the bridge (its end named as the host) to the host's eth0.
                await IpAsync("link", "add", host.Name, "type", "veth", "peer", "name", "eth0", "netns", host.Name);
                await IpAsync("link", "set", host.Name, "master", Bridge, "up");
                await IpAsync("-n", host.Name, "addr", "add", $"{host.Address}/24", "dev", "eth0");
                await IpAsync("-n", host.Name, "link", "set", "eth0", "up");
                await IpAsync("-n", host.Name, "link", "set", "lo", "up");
            }

            return network;
        }
        catch
        {
            await network.DisposeAsync();
            throw;
        }
    }

    /// <summary>Packets from <paramref name="from"/> to <paramref name="to"/> go nowhere (a blackhole route): a cut cable between them.</summary>
    public static Task CutAsync(TestHost from, TestHost to) =>
        IpAsync("-n", from.Name, "route", "add", "blackhole", $"{to.Address}/32");

    public static Task HealAsync(TestHost from, TestHost to) =>
        IpAsync("-n", from.Name, "route", "del", "blackhole", $"{to.Address}/32");

    /// <summary>The host's link goes down (or up again): it reaches nobody and nobody reaches it.</summary>
    public static Task SetLinkAsync(TestHost host, bool up) => IpAsync("link", "set", host.Name, up ? "up" : "down");

    public async ValueTask DisposeAsync()
    {
        foreach (var host in _hosts.Values)
        {
            await IpAsync("netns", "del", host.Name);
        }

        if ((await LinksAsync()).Contains(Bridge))
        {
            await IpAsync("link", "del", Bridge);
        }
    }

    /// <summary>What a run that died left: its hosts' processes (which keep a deleted namespace alive), hosts and links.</summary>
    private static async Task RemoveLeftoversAsync()
    {
        foreach (var name in (await IpAsync("netns", "list")).Split('\n').Select(line => line.Split(' ')[0]).Where(n => n.StartsWith(Prefix, StringComparison.Ordinal)))
        {
            foreach (var pid in (await IpAsync("netns", "pids", name)).Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                await using var kill = ChildProcess.Start("kill", ["-KILL", pid.Trim()]);
                await kill.WaitForExitAsync(CommandTimeout);
            }

            await IpAsync("netns", "del", name);
        }

        // A namespace's end of its cable goes with it once its last process is gone, which takes a moment; its other
        // end goes too, or is removed here.
        await Poll.UntilAsync(async () =>
        {
            var links = (await LinksAsync()).Where(n => n.StartsWith(Prefix, StringComparison.Ordinal)).ToList();
            foreach (var link in links)
            {
                await using var delete = ChildProcess.Start("ip", ["link", "del", link]);
                await delete.WaitForExitAsync(CommandTimeout); // gone meanwhile, or not yet: looked at again
            }

            return links.Count == 0;
        }, CommandTimeout, "the links a failed run left to be gone");
    }

    /// <summary>The names of this machine's links, from <c>ip -o link show</c>'s lines: "12: cbt-api1@if2: &lt;…".</summary>
    private static async Task<List<string>> LinksAsync() =>
        [.. (await IpAsync("-o", "link", "show")).Split('\n').Select(line => line.Split(": ") is [_, var name, ..] ? name.Split('@')[0] : "")];

    /// <summary>Nothing on this machine may already have an address or a route in the subnet: the tests would take it over.</summary>
    private static async Task EnsureSubnetIsFreeAsync()
    {
        var addresses = await IpAsync("-4", "-o", "addr", "show");
        var routes = await IpAsync("-4", "route", "show", "table", "all");
        var used = $"{addresses}\n{routes}".Split('\n').FirstOrDefault(line => line.Contains(Base, StringComparison.Ordinal));
        if (used is not null)
        {
            throw new InvalidOperationException($"The test network's subnet {Subnet} is in use on this machine: {used.Trim()}");
        }
    }

    /// <returns>What it printed.</returns>
    private static async Task<string> IpAsync(params string[] arguments)
    {
        await using var ip = ChildProcess.Start("ip", arguments);
        if (await ip.WaitForExitAsync(CommandTimeout) != 0)
        {
            throw new InvalidOperationException($"ip {string.Join(' ', arguments)} failed: {ip.Output}");
        }

        return ip.Output;
    }
}
