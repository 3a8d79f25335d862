using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ChatBot.Data.Configurations;

internal sealed class FileChunkConfiguration : IEntityTypeConfiguration<FileChunk>
{
    public void Configure(EntityTypeBuilder<FileChunk> chunk)
    {
        chunk.HasKey(c => new { c.Key, c.Index });
        chunk.Property(c => c.Key).HasMaxLength(64);
    }
}
