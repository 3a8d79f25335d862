using System.Diagnostics;

namespace ChatBot.LoadTest.Measuring;

/// <summary>The server under load, as the operating system sees it: its processes' resident memory and CPU time, summed.</summary>
public sealed class ServerProcess(IReadOnlyList<int> pids)
{
    private readonly Process[] _processes = pids.Select(Process.GetProcessById).ToArray();

    public bool IsKnown => _processes.Length > 0;

    public long ResidentBytes => _processes.Sum(process =>
    {
        process.Refresh();
        return process.WorkingSet64;
    });

    public TimeSpan CpuTime => TimeSpan.FromTicks(_processes.Sum(process =>
    {
        process.Refresh();
        return process.TotalProcessorTime.Ticks;
    }));
}
