using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ChatBot.Data.Configurations;

internal sealed class ConversationMemberConfiguration : IEntityTypeConfiguration<ConversationMember>
{
    public void Configure(EntityTypeBuilder<ConversationMember> member)
    {
        member.HasKey(m => new { m.ConversationId, m.UserId });
        member.HasIndex(m => m.UserId);
        member.HasOne(m => m.User).WithMany().HasForeignKey(m => m.UserId);
    }
}
