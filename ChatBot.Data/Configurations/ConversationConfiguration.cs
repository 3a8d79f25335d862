using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ChatBot.Data.Configurations;

internal sealed class ConversationConfiguration : IEntityTypeConfiguration<Conversation>
{
    public void Configure(EntityTypeBuilder<Conversation> conversation)
    {
        conversation.Property(c => c.DirectKey).HasMaxLength(2 * 36 + 1);
        conversation.HasIndex(c => c.DirectKey).IsUnique();
        conversation.Property(c => c.Name).HasMaxLength(Conversation.MaxNameLength);
        conversation.HasMany(c => c.Members).WithOne(m => m.Conversation).HasForeignKey(m => m.ConversationId);
    }
}
