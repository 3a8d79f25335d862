using System.Diagnostics;

namespace ChatBot.LoadTest.Measuring;

/// <summary>The API process under load, as the operating system sees it: resident memory and CPU time.</summary>
public sealed class ServerProcess(int pid)
{
    private readonly Process _process = Process.GetProcessById(pid);

    public long ResidentBytes
    {
        get
        {
            _process.Refresh();
            return _process.WorkingSet64;
        }
    }

    public TimeSpan CpuTime
    {
        get
        {
            _process.Refresh();
            return _process.TotalProcessorTime;
        }
    }
}
