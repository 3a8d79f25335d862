namespace ChatBot.Data;

/// <summary>
/// A piece of some stored bytes, in the chat's database, so that every replica serves every file with nothing
/// else to run, and a backup of the database has them. Bytes are written and read a chunk at a time.
/// </summary>
public sealed class FileChunk
{
    /// <summary>How many bytes a chunk holds, all but the last of some bytes.</summary>
    public const int Size = 256 * 1024;

    /// <summary>The SHA-256 of the whole bytes, in hex; or an upload's key while it streams in (<see cref="StoredFile.UploadKey"/>).</summary>
    public required string Key { get; set; }

    /// <summary>The chunk's place: 0, 1, 2, …</summary>
    public int Index { get; set; }

    public required byte[] Data { get; set; }
}
