using System.Runtime.InteropServices;
using ChatBot.Launcher;

var options = LaunchOptions.Parse(args, out var error);
if (options is null)
{
    Console.Error.WriteLine(error is "" ? LaunchOptions.Usage : $"{error}\n\n{LaunchOptions.Usage}");
    return error is "" ? 0 : 2;
}

using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
{
    context.Cancel = true;
    stop.Cancel();
});

try
{
    return await new Topology(Repository.Locate(), options).RunAsync(stop.Token);
}
catch (LaunchException failure)
{
    Console.Error.WriteLine(failure.Message);
    return 1;
}
