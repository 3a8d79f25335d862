using System.Net;

namespace ChatBot.Tests.Infrastructure;

/// <summary>
/// A host of its own for one service: a Linux network namespace with one address on the tests' network
/// (<see cref="TestNetwork"/>). A process started in it (<see cref="Command"/>) sees only that address and its
/// own loopback, as on a machine of its own.
/// </summary>
public sealed record TestHost(string Name, IPAddress Address)
{
    /// <summary>
    /// The command that runs <paramref name="program"/> in this host. <c>ip netns exec</c> enters the namespace
    /// and then becomes the program (exec, no fork): its PID is the program's, to stop, pause and kill.
    /// </summary>
    public (string Program, string[] Arguments) Command(string program, IEnumerable<string> arguments) =>
        ("ip", ["netns", "exec", Name, program, .. arguments]);

    /// <summary>An address of this host, as a URL for a service listening on <paramref name="port"/>.</summary>
    public Uri Url(int port) => new($"http://{Address}:{port}");

    public override string ToString() => $"{Name} ({Address})";
}
