using ChatBot.Data;

namespace ChatBot.ApiService.Files;

/// <summary>A file as clients show it: a picture (inline, its size as shown) or a card to download.</summary>
public sealed record FileDto(Guid Id, string Name, string ContentType, long Length, int? Width, int? Height, bool Picture)
{
    public static FileDto From(StoredFile file) =>
        new(file.Id, file.Name, file.ContentType, file.Length, file.Width, file.Height, file.IsPicture);
}
