using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ChatBot.Data.Configurations;

internal sealed class ReactionConfiguration : IEntityTypeConfiguration<Reaction>
{
    public void Configure(EntityTypeBuilder<Reaction> reaction)
    {
        reaction.HasKey(r => new { r.ConversationId, r.MessageSeq, r.UserId, r.Emoji });
        reaction.Property(r => r.Emoji).HasMaxLength(Reaction.MaxEmojiLength);
        reaction.HasOne<Conversation>().WithMany().HasForeignKey(r => r.ConversationId);
        reaction.HasOne<ChatUser>().WithMany().HasForeignKey(r => r.UserId);
    }
}
