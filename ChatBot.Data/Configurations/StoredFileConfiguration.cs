using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ChatBot.Data.Configurations;

internal sealed class StoredFileConfiguration : IEntityTypeConfiguration<StoredFile>
{
    public void Configure(EntityTypeBuilder<StoredFile> file)
    {
        file.ToTable("Files");
        file.Property(f => f.Name).HasMaxLength(StoredFile.MaxNameLength);
        file.Property(f => f.ContentType).HasMaxLength(100);
        file.Property(f => f.Sha256).HasMaxLength(64);
        file.Property(f => f.ThumbnailSha256).HasMaxLength(64);
        file.Property(f => f.PreviewSha256).HasMaxLength(64);
        file.Ignore(f => f.IsPicture);
        // A message's files, read with it; and the owner's, for their quota.
        file.HasIndex(f => new { f.ConversationId, f.MessageSeq });
        file.HasIndex(f => f.OwnerId);
        // Whether some bytes are still needed by any file, asked before erasing them.
        file.HasIndex(f => f.Sha256);
        file.HasIndex(f => f.ThumbnailSha256);
        file.HasIndex(f => f.PreviewSha256);
        file.HasOne<ChatUser>().WithMany().HasForeignKey(f => f.OwnerId);
    }
}
