using Fengqiao.Kernel.Audit;
using Fengqiao.Kernel.Calendar;
using Fengqiao.Kernel.Identity;
using Fengqiao.Kernel.Messaging;
using Fengqiao.Kernel.Notifications;
using Fengqiao.Kernel.Units;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Fengqiao.Kernel.Data;

internal sealed class AdministrativeUnitConfiguration : IEntityTypeConfiguration<AdministrativeUnit>
{
    public void Configure(EntityTypeBuilder<AdministrativeUnit> builder)
    {
        builder.ToTable("units");
        builder.HasAnnotation(FengqiaoDbContext.UnitPathPropertyAnnotation, nameof(AdministrativeUnit.Path));
        builder.HasKey(u => u.Id);
        builder.Property(u => u.Code).HasMaxLength(20);
        builder.HasIndex(u => u.Code).IsUnique();
        builder.Property(u => u.Name).HasMaxLength(100);
        builder.Property(u => u.Path).HasMaxLength(400);
        builder.HasIndex(u => u.Path);
        builder.HasIndex(u => u.ParentId);
        builder.Property(u => u.DutyPhone).HasMaxLength(20);
        builder.Property(u => u.ServiceHours).HasMaxLength(100);
        builder.Property(u => u.PublicNotice).HasMaxLength(AdministrativeUnit.MaxNoticeLength);
        builder.Property(u => u.Version).IsConcurrencyToken();
        builder.HasOne<AdministrativeUnit>().WithMany().HasForeignKey(u => u.ParentId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class UserConfiguration : IEntityTypeConfiguration<FengqiaoUser>
{
    public void Configure(EntityTypeBuilder<FengqiaoUser> builder)
    {
        builder.Property(u => u.DisplayName).HasMaxLength(50);
        builder.Property(u => u.PreferredCulture).HasMaxLength(10);
        builder.HasMany(u => u.Units).WithOne().HasForeignKey(m => m.UserId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Department>().WithMany().HasForeignKey(u => u.DepartmentId).OnDelete(DeleteBehavior.SetNull);
    }
}

internal sealed class UserUnitConfiguration : IEntityTypeConfiguration<UserUnit>
{
    public void Configure(EntityTypeBuilder<UserUnit> builder)
    {
        builder.ToTable("user_units");
        builder.HasKey(m => new { m.UserId, m.UnitId });
        builder.HasOne<AdministrativeUnit>().WithMany().HasForeignKey(m => m.UnitId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class DepartmentConfiguration : IEntityTypeConfiguration<Department>
{
    public void Configure(EntityTypeBuilder<Department> builder)
    {
        builder.ToTable("departments");
        builder.HasKey(d => d.Id);
        builder.Property(d => d.Code).HasMaxLength(30);
        builder.HasIndex(d => d.Code).IsUnique();
        builder.Property(d => d.Name).HasMaxLength(100);
        builder.HasMany(d => d.ServedUnits).WithOne().HasForeignKey(s => s.DepartmentId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class DepartmentServedUnitConfiguration : IEntityTypeConfiguration<DepartmentServedUnit>
{
    public void Configure(EntityTypeBuilder<DepartmentServedUnit> builder)
    {
        builder.ToTable("department_served_units");
        builder.HasKey(s => new { s.DepartmentId, s.UnitId });
        builder.HasOne<AdministrativeUnit>().WithMany().HasForeignKey(s => s.UnitId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> builder)
    {
        builder.ToTable("audit_log");
        builder.HasKey(e => e.Sequence);
        builder.Property(e => e.Sequence).ValueGeneratedNever();
        builder.Property(e => e.ActorName).HasMaxLength(256);
        builder.Property(e => e.Role).HasMaxLength(300);
        builder.Property(e => e.UnitCode).HasMaxLength(300);
        builder.Property(e => e.Action).HasMaxLength(128);
        builder.Property(e => e.Target).HasMaxLength(256);
        builder.Property(e => e.IpAddress).HasMaxLength(64);
        builder.Property(e => e.Detail).HasMaxLength(2000);
        builder.Property(e => e.UnitPath).HasMaxLength(400);
        builder.Property(e => e.Hash).HasMaxLength(64);
        builder.Property(e => e.PreviousHash).HasMaxLength(64);
        builder.HasIndex(e => e.OccurredAt);
        builder.HasIndex(e => e.UnitPath);
        builder.HasIndex(e => e.ActorId);
    }
}

internal sealed class AuditChainHeadConfiguration : IEntityTypeConfiguration<AuditChainHead>
{
    public void Configure(EntityTypeBuilder<AuditChainHead> builder)
    {
        builder.ToTable("audit_chain_head");
        builder.HasKey(h => h.Id);
        builder.Property(h => h.Id).ValueGeneratedNever();
        builder.Property(h => h.LastHash).HasMaxLength(64);
    }
}

internal sealed class OutboxMessageConfiguration : IEntityTypeConfiguration<OutboxMessage>
{
    public void Configure(EntityTypeBuilder<OutboxMessage> builder)
    {
        builder.ToTable("outbox");
        builder.HasKey(m => m.Id);
        builder.Property(m => m.EventType).HasMaxLength(300);
        builder.Property(m => m.Handler).HasMaxLength(300);
        builder.Property(m => m.LockedBy).HasMaxLength(100);
        builder.Property(m => m.LastError).HasMaxLength(2000);
        builder.HasIndex(m => new { m.ProcessedAt, m.NextAttemptAt });
    }
}

internal sealed class CalendarDayConfiguration : IEntityTypeConfiguration<CalendarDay>
{
    public void Configure(EntityTypeBuilder<CalendarDay> builder)
    {
        builder.ToTable("calendar_days");
        builder.HasKey(d => d.Date);
        builder.Property(d => d.Name).HasMaxLength(50);
    }
}

internal sealed class InboxItemConfiguration : IEntityTypeConfiguration<InboxItem>
{
    public void Configure(EntityTypeBuilder<InboxItem> builder)
    {
        builder.ToTable("inbox");
        builder.HasKey(i => i.Id);
        builder.Property(i => i.Title).HasMaxLength(InboxItem.MaxTitleLength);
        builder.Property(i => i.Body).HasMaxLength(InboxItem.MaxBodyLength);
        builder.Property(i => i.Link).HasMaxLength(300);
        builder.Property(i => i.SourceKey).HasMaxLength(200);
        builder.HasIndex(i => new { i.UserId, i.SourceKey }).IsUnique();
        builder.HasIndex(i => new { i.UserId, i.CreatedAt });
        builder.HasOne<FengqiaoUser>().WithMany().HasForeignKey(i => i.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class StaffNoticeConfiguration : IEntityTypeConfiguration<StaffNotice>
{
    public void Configure(EntityTypeBuilder<StaffNotice> builder)
    {
        builder.ToTable("staff_notices");
        builder.HasKey(n => n.Id);
        builder.Ignore(n => n.DomainEvents);
        builder.Property(n => n.SenderName).HasMaxLength(256);
        builder.Property(n => n.UnitPath).HasMaxLength(400);
        builder.Property(n => n.Title).HasMaxLength(InboxItem.MaxTitleLength);
        builder.Property(n => n.Body).HasMaxLength(InboxItem.MaxBodyLength);
        builder.Property(n => n.Roles).HasMaxLength(300);
        builder.HasIndex(n => n.UnitPath);
    }
}
