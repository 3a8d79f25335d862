using System.Net.Sockets;
using System.Text;

namespace ChatBot.Launcher;

/// <summary>redis-server from PATH, as the launcher runs it: loopback only, nothing written to disk.</summary>
internal static class RedisServer
{
    public static string Locate() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, "redis-server"))
            .FirstOrDefault(File.Exists)
        ?? throw new LaunchException(
            "redis-server is not on PATH. Install it (on Debian or Ubuntu: apt-get install redis-server) or run without --redis.");

    public static string[] Arguments(int port) =>
        ["--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"];

    /// <summary>Waits until Redis answers PING; fails as soon as the process exits, or after <paramref name="timeout"/>.</summary>
    public static async Task WaitUntilReadyAsync(ServiceProcess redis, int port, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        while (!await AnswersPingAsync(port, deadline.Token))
        {
            if (redis.HasExited)
            {
                throw new LaunchException($"redis-server exited with code {await redis.Exited} while starting; its log is above.");
            }

            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(50), deadline.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new LaunchException($"redis-server did not answer on port {port} within {timeout.TotalSeconds:0} s.");
            }
        }
    }

    private static async Task<bool> AnswersPingAsync(int port, CancellationToken cancellationToken)
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync("127.0.0.1", port, cancellationToken);
            var stream = client.GetStream();
            await stream.WriteAsync("PING\r\n"u8.ToArray(), cancellationToken);
            var reply = new byte[7];
            var read = await stream.ReadAsync(reply, cancellationToken);
            return Encoding.ASCII.GetString(reply, 0, read).StartsWith("+PONG", StringComparison.Ordinal);
        }
        catch (Exception exception) when (exception is SocketException or IOException)
        {
            return false;
        }
    }
}
