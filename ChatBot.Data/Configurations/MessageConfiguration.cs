using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ChatBot.Data.Configurations;

internal sealed class MessageConfiguration : IEntityTypeConfiguration<Message>
{
    public void Configure(EntityTypeBuilder<Message> message)
    {
        message.Property(m => m.Body).HasMaxLength(Message.MaxBodyLength);
        message.HasIndex(m => new { m.ConversationId, m.Seq }).IsUnique();
        message.HasIndex(m => new { m.SenderId, m.ClientMessageId }).IsUnique();
        // A message's edits, found to erase their text when it is deleted; only change rows are in it.
        message.HasIndex(m => new { m.ConversationId, m.TargetSeq }).HasFilter("\"TargetSeq\" IS NOT NULL");
        message.HasOne<Conversation>().WithMany().HasForeignKey(m => m.ConversationId);
        message.HasOne<ChatUser>().WithMany().HasForeignKey(m => m.SenderId);
    }
}
