using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ChatBot.Data.Configurations;

internal sealed class ChatUserConfiguration : IEntityTypeConfiguration<ChatUser>
{
    public void Configure(EntityTypeBuilder<ChatUser> user)
    {
        user.Property(u => u.DisplayName).HasMaxLength(ChatUser.MaxDisplayNameLength);
        user.Property(u => u.NormalizedDisplayName).HasMaxLength(ChatUser.MaxDisplayNameLength);
    }
}
