using System.Buffers.Binary;
using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using ChatBot.ApiService.Files;
using ChatBot.ApiService.Hubs;
using ChatBot.ApiService.Messages;
using ChatBot.Data;
using ChatBot.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NetVips;

namespace ChatBot.Tests.Files;

/// <summary>A person's uploads, downloads and messages with files, as any client makes them; the pictures they send; what the database holds.</summary>
internal static class FileCalls
{
    public static async Task<HttpResponseMessage> PostFileAsync(this TestUser user, string? name, HttpContent content)
    {
        using var client = user.CreateClient();
        return await client.PostAsync(name is null ? "/api/files" : $"/api/files?name={Uri.EscapeDataString(name)}", content);
    }

    public static async Task<FileDto> UploadAsync(this TestUser user, string name, byte[] bytes)
    {
        using var response = await user.PostFileAsync(name, new ByteArrayContent(bytes));
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"upload {name}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<FileDto>(Json.Options))!;
    }

    public static async Task<HttpResponseMessage> GetFileAsync(this TestUser user, Guid file, string what = "", Action<HttpRequestMessage>? request = null)
    {
        using var client = user.CreateClient();
        var message = new HttpRequestMessage(HttpMethod.Get, $"/api/files/{file}{what}");
        request?.Invoke(message);
        return await client.SendAsync(message);
    }

    public static Task<MessageDto> SendFilesAsync(this ChatConnection device, Guid conversation, string body, Guid[] files, Guid? clientMessageId = null) =>
        device.Hub.InvokeAsync<MessageDto>(
            nameof(ChatHub.SendMessage), new SendMessageRequest(conversation, clientMessageId ?? Guid.CreateVersion7(), body, FileIds: files));

    /// <summary>The files stored for a person.</summary>
    public static async Task<List<StoredFile>> StoredFilesAsync(this ChatApp app, TestUser owner)
    {
        await using var db = app.CreateDbContext();
        return await db.Files.Where(f => f.OwnerId == owner.Id).AsNoTracking().ToListAsync(TestContext.Current.CancellationToken);
    }

    /// <summary>How many bytes are kept under a key, where the app keeps them: 0 when none are.</summary>
    public static async Task<long> StoredBytesAsync(this ChatApp app, string key)
    {
        if (app.Api.Services.GetRequiredService<FileBytes>() is FolderFileBytes folder)
        {
            var file = new FileInfo(folder.PathOf(key));
            return file.Exists ? file.Length : 0;
        }

        await using var db = app.CreateDbContext();
        return await db.FileChunks.Where(c => c.Key == key).SumAsync(c => (long)c.Data.Length, TestContext.Current.CancellationToken);
    }

    /// <summary>Writes bytes under a key, as an upload that streamed them in would have.</summary>
    public static async Task StoreBytesAsync(this ChatApp app, string key, byte[] bytes)
    {
        await using var db = app.CreateDbContext();
        await app.Api.Services.GetRequiredService<FileBytes>().WriteAsync(db, key, new MemoryStream(bytes), bytes.Length, TestContext.Current.CancellationToken);
    }

    /// <summary>Runs the janitor's sweep now, as its timer would.</summary>
    public static Task<int> SweepFilesAsync(this ChatApp app) =>
        app.Api.Services.GetRequiredService<FileJanitor>().SweepAsync(TestContext.Current.CancellationToken);

    /// <summary>
    /// A photo as a phone takes it: <paramref name="width"/> × <paramref name="height"/> pixels stored as the sensor
    /// saw them, with an EXIF orientation of 6 (turn a quarter clockwise to show it) and the camera's name in its
    /// metadata. Photos of another <paramref name="blue"/> have other copies: re-encoding drops the camera's name.
    /// </summary>
    public static byte[] PhoneJpeg(int width = 400, int height = 300, string camera = "SecretCam", int blue = 40)
    {
        using var pixels = Image.Black(width, height, bands: 3) + new[] { 200.0, 120, blue };
        using var image = pixels.Cast(Enums.BandFormat.Uchar).Mutate(m =>
        {
            m.Set(GValue.GIntType, "orientation", 6);
            m.Set(GValue.GStrType, "exif-ifd0-Make", camera);
        });
        return image.JpegsaveBuffer(q: 85);
    }

    public static byte[] Png(int width, int height)
    {
        using var pixels = (Image.Black(width, height, bands: 4) + new[] { 10.0, 200, 90, 255 }).Cast(Enums.BandFormat.Uchar);
        return pixels.PngsaveBuffer();
    }

    /// <summary>A PNG of a few hundred bytes whose header claims 50,000 × 50,000 pixels: 7 GiB once decoded.</summary>
    public static byte[] DecompressionBomb()
    {
        var png = new MemoryStream();
        png.Write([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]);
        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, 50_000);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), 50_000);
        header[8] = 8; // bits per channel
        header[9] = 2; // RGB
        Chunk("IHDR", header);
        var zeros = new MemoryStream();
        using (var zlib = new ZLibStream(zeros, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            zlib.Write(new byte[64 * 1024]);
        }

        Chunk("IDAT", zeros.ToArray());
        Chunk("IEND", []);
        return png.ToArray();

        void Chunk(string type, byte[] data)
        {
            var length = new byte[4];
            BinaryPrimitives.WriteInt32BigEndian(length, data.Length);
            png.Write(length);
            byte[] typed = [.. type.Select(c => (byte)c), .. data];
            png.Write(typed);
            var crc = new byte[4];
            BinaryPrimitives.WriteUInt32BigEndian(crc, Crc32(typed));
            png.Write(crc);
        }
    }

    /// <summary>PNG's checksum (ISO 3309): what a reader checks before it believes a chunk.</summary>
    private static uint Crc32(ReadOnlySpan<byte> bytes)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in bytes)
        {
            crc ^= b;
            for (var bit = 0; bit < 8; bit++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
            }
        }

        return ~crc;
    }

    /// <summary>A PDF's first bytes, and enough of a body after them.</summary>
    public static byte[] Pdf(int length = 5000) => [.. "%PDF-1.7\n"u8, .. Enumerable.Repeat((byte)'x', length - 9)];

    /// <summary>A picture's width and height, read from its bytes.</summary>
    public static (int Width, int Height) SizeOf(byte[] picture)
    {
        using var image = Image.NewFromBuffer(picture);
        return (image.Width, image.Height);
    }
}
