using System.Diagnostics;
using System.Globalization;

namespace ChatBot.LoadTest.Measuring;

/// <summary>
/// The server under load, as the operating system sees it: the resident memory and CPU time of its processes
/// and of their children (PostgreSQL serves each connection from a process of its own), summed.
/// </summary>
public sealed class ServerProcess(IReadOnlyList<int> pids)
{
    public bool IsKnown => pids.Count > 0;

    public long ResidentBytes => Processes().Sum(process => process.WorkingSet64);

    public TimeSpan CpuTime => TimeSpan.FromTicks(Processes().Sum(process => process.TotalProcessorTime.Ticks));

    private List<Process> Processes()
    {
        var parents = Directory.EnumerateDirectories("/proc")
            .Select(Path.GetFileName)
            .Where(name => name!.All(char.IsAsciiDigit))
            .Select(name => (Pid: int.Parse(name!, CultureInfo.InvariantCulture), Parent: ParentOf(name!)))
            .ToList();
        var all = new HashSet<int>(pids);
        for (var added = true; added;)
        {
            added = parents.Where(p => all.Contains(p.Parent) && !all.Contains(p.Pid)).Select(p => all.Add(p.Pid)).ToList().Count > 0;
        }

        return all.Select(pid =>
        {
            try
            {
                return Process.GetProcessById(pid);
            }
            catch (ArgumentException)
            {
                return null; // gone meanwhile
            }
        }).OfType<Process>().ToList();
    }

    /// <summary>The parent's PID, from /proc/{pid}/stat: after the command's closing parenthesis, the state, then the parent.</summary>
    private static int ParentOf(string pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return int.Parse(fields[1], CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return 0;
        }
    }
}
