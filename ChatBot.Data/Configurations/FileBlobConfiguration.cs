using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ChatBot.Data.Configurations;

internal sealed class FileBlobConfiguration : IEntityTypeConfiguration<FileBlob>
{
    public void Configure(EntityTypeBuilder<FileBlob> blob)
    {
        blob.HasKey(b => b.Key);
        blob.Property(b => b.Key).HasMaxLength(64);
    }
}
