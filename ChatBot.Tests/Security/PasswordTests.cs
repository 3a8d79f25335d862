using System.Buffers.Binary;
using ChatBot.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace ChatBot.Tests.Security;

public sealed class PasswordTests(ChatApp app)
{
    [Fact]
    public async Task PasswordsAreStoredAsPbkdf2HashesOfAtLeast210000Iterations()
    {
        var user = await app.CreateUserAsync("hashed");
        await using var db = app.CreateDbContext();

        var stored = await db.Users.Where(u => u.Id == user.Id).Select(u => u.PasswordHash).SingleAsync(TestContext.Current.CancellationToken);

        // Identity's V3 format: 0x01, then the PRF, the iteration count and the salt length, big-endian.
        var hash = Convert.FromBase64String(stored!);
        Assert.Equal(0x01, hash[0]);
        Assert.Equal(2u, BinaryPrimitives.ReadUInt32BigEndian(hash.AsSpan(1))); // HMAC-SHA512
        Assert.True(BinaryPrimitives.ReadUInt32BigEndian(hash.AsSpan(5)) >= 210_000);
        Assert.DoesNotContain(user.Password, stored!, StringComparison.Ordinal);
    }
}
