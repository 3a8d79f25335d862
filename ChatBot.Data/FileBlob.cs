namespace ChatBot.Data;

/// <summary>
/// Some bytes kept on a disk, in the <c>Files:Folder</c>, under their SHA-256 (<see cref="FileChunk"/>s when the
/// bytes are in the database). The row is what an upload keeping the bytes and the sweep erasing them both lock:
/// whichever comes second waits, then sees what the first did, so the sweep never erases bytes a new file has.
/// </summary>
public sealed class FileBlob
{
    /// <summary>The SHA-256 of the bytes, in hex.</summary>
    public required string Key { get; set; }
}
