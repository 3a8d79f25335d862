using System.Runtime.InteropServices;

namespace ChatBot.ApiService.Files;

/// <summary>
/// A file's name lives in its folder: a rename is on the disk once the folder is flushed, not the file. Until then
/// a crash can take a kept file back out of its place after the transaction that names it has committed.
/// .NET opens no handle on a folder, so this asks the system itself (POSIX <c>open</c>, <c>fsync</c>).
/// </summary>
internal static partial class FolderFlush
{
    private const int ReadOnly = 0; // O_RDONLY, the same on every POSIX system

    /// <summary>Flushes the folder's entries to the disk. Windows journals them with the rename: nothing to do there.</summary>
    public static void Flush(string folder)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var handle = Open(folder, ReadOnly);
        if (handle < 0)
        {
            throw new IOException($"The folder {folder} could not be opened to flush it (errno {Marshal.GetLastPInvokeError()}).");
        }

        try
        {
            if (Fsync(handle) != 0)
            {
                throw new IOException($"The folder {folder} could not be flushed (errno {Marshal.GetLastPInvokeError()}).");
            }
        }
        finally
        {
            _ = Close(handle);
        }
    }

    // open's third argument, the mode, is read only when it creates a file: not passed here.
    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static partial int Fsync(int handle);

    [LibraryImport("libc", EntryPoint = "close")]
    private static partial int Close(int handle);
}
