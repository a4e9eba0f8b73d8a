using Fengqiao.Kernel.Data;
using Microsoft.EntityFrameworkCore;

namespace Fengqiao.Mediation.Sessions;

internal static class SessionsModel
{
    public static void Build(ModelBuilder b, DatabaseProvider provider)
    {
        var session = b.Entity<MediationSession>();
        session.ToTable("mediation_sessions");
        session.HasKey(s => s.Id);
        session.Property(s => s.UnitPath).HasMaxLength(400);
        session.Property(s => s.CaseNumber).HasMaxLength(20);
        session.Property(s => s.Place).HasMaxLength(MediationSession.MaxPlaceLength);
        session.Property(s => s.Minutes).HasMaxLength(MediationSession.MaxMinutesLength);
        session.HasIndex(s => new { s.CaseId, s.Sequence }).IsUnique();
        session.HasIndex(s => s.UnitPath);
        session.HasMany(s => s.Bookings).WithOne().HasForeignKey(x => x.SessionId).OnDelete(DeleteBehavior.Cascade);
        session.Navigation(s => s.Bookings).UsePropertyAccessMode(PropertyAccessMode.Field);
        session.HasMany(s => s.Attendance).WithOne().HasForeignKey(x => x.SessionId).OnDelete(DeleteBehavior.Cascade);
        session.Navigation(s => s.Attendance).UsePropertyAccessMode(PropertyAccessMode.Field);

        var booking = b.Entity<SessionBooking>();
        booking.ToTable("mediation_session_bookings");
        booking.HasKey(x => x.Id);
        booking.Property(x => x.UnitPath).HasMaxLength(400);
        booking.Property(x => x.Name).HasMaxLength(50);
        booking.HasIndex(x => new { x.UserId, x.StartsAt });
        booking.HasIndex(x => x.UnitPath);

        var notice = b.Entity<SessionNotice>();
        notice.ToTable("mediation_session_notices");
        notice.HasKey(x => x.Id);
        notice.Property(x => x.UnitPath).HasMaxLength(400);
        notice.Property(x => x.RecordedByName).HasMaxLength(100);
        notice.HasIndex(x => new { x.SessionId, x.PartyId }).IsUnique();
        notice.HasIndex(x => x.UnitPath);
        notice.HasOne<MediationSession>().WithMany().HasForeignKey(x => x.SessionId).OnDelete(DeleteBehavior.Cascade);

        var attendance = b.Entity<SessionAttendance>();
        attendance.ToTable("mediation_session_attendance");
        attendance.HasKey(x => x.Id);
        attendance.Property(x => x.UnitPath).HasMaxLength(400);
        attendance.HasIndex(x => new { x.SessionId, x.PartyId }).IsUnique();
        attendance.HasIndex(x => x.UnitPath);
    }
}
