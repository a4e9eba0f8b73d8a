using System.Data;
using System.Data.Common;
using Fengqiao.Kernel.Access;
using Fengqiao.Kernel.Audit;
using Fengqiao.Kernel.Data;
using Fengqiao.Kernel.Errors;
using Fengqiao.Kernel.Identity;
using Fengqiao.Mediation.Disputes;
using Microsoft.EntityFrameworkCore;

namespace Fengqiao.Mediation.Sessions;

/// <summary>
/// 调解会: scheduling sittings (no mediator booked twice), recording minutes, attendance and outcome, and the
/// one-month mediation period with approved extensions. Every change bumps the case's version.
/// </summary>
public sealed class ManageSessions(FengqiaoDbContext db, ICurrentActor actor, IAuditTrail audit, TimeProvider clock, DisputeAccess access)
{
    public const string ScheduleAction = "mediation.session.schedule";
    public const string RecordAction = "mediation.session.record";
    public const string CancelAction = "mediation.session.cancel";
    public const string ExtendAction = "mediation.case.extend";

    /// <summary>Who approves an extension: not the mediator alone, but the community, street or an administrator.</summary>
    public static IReadOnlyList<string> ApproverRoles { get; } = [Roles.CommunityWorker, Roles.StreetOfficer, Roles.Administrator];

    public async Task<IReadOnlyList<SessionView>> ListAsync(Guid caseId, CancellationToken cancellationToken)
    {
        access.EnsureReader();
        await LoadCaseAsync(caseId, tracked: false, cancellationToken);
        var sessions = await db.Set<MediationSession>().AsNoTracking().AsSplitQuery().Include(s => s.Bookings).Include(s => s.Attendance)
            .Where(s => s.CaseId == caseId).OrderBy(s => s.Sequence).ToListAsync(cancellationToken);
        return [.. sessions.Select(View)];
    }

    public async Task<MediationPeriodView> PeriodAsync(Guid caseId, CancellationToken cancellationToken)
    {
        access.EnsureReader();
        var dispute = await LoadCaseAsync(caseId, tracked: false, cancellationToken);
        return Period(dispute, access.Today);
    }

    public async Task<SessionView> ScheduleAsync(Guid caseId, ScheduleSessionRequest request, CancellationToken cancellationToken)
    {
        access.EnsureWorker();
        var errors = new Dictionary<string, string[]>();
        var place = request.Place?.Trim() ?? "";
        if (place.Length is 0 or > MediationSession.MaxPlaceLength)
        {
            errors["place"] = [$"请填写调解地点（不超过 {MediationSession.MaxPlaceLength} 个字）。"];
        }

        if (request.StartsAt is not { } startsAt || request.EndsAt is not { } endsAt)
        {
            errors["startsAt"] = ["请填写调解的开始和结束时间。"];
            startsAt = endsAt = default;
        }
        else if (endsAt <= startsAt || endsAt - startsAt > TimeSpan.FromHours(8))
        {
            errors["endsAt"] = ["结束时间须晚于开始时间，一次调解不超过 8 小时。"];
        }

        if (errors.Count > 0)
        {
            throw new ValidationFailedException(errors);
        }

        // Instants are kept in UTC: PostgreSQL's timestamptz takes no other offset, and comparisons stay exact.
        startsAt = startsAt.ToUniversalTime();
        endsAt = endsAt.ToUniversalTime();

        // The clash check and the booking must be one serialisable unit, or two bookings of one mediator for different
        // cases, made at the same moment, would both find the other's slot free. SQLite takes the write lock at BEGIN;
        // PostgreSQL lets one of two conflicting transactions fail with 40001, and the retry then sees the clash.
        for (var attempt = 1; ; attempt++)
        {
            await using var transaction = await db.Database.BeginTransactionAsync(IsolationLevel.Serializable, cancellationToken);
            try
            {
                var view = await BookAsync(caseId, startsAt, endsAt, place, request.Mediators, cancellationToken);
                await transaction.CommitAsync(cancellationToken);
                return view;
            }
            catch (Exception e) when (attempt < MaxBookingAttempts && IsSerializationFailure(e))
            {
                await transaction.RollbackAsync(cancellationToken);
                db.ChangeTracker.Clear();
            }
        }
    }

    private const int MaxBookingAttempts = 5;

    /// <summary>PostgreSQL's 40001, however EF wrapped it (DbUpdateException, the execution strategy's InvalidOperationException).</summary>
    private static bool IsSerializationFailure(Exception e)
    {
        for (Exception? inner = e; inner is not null; inner = inner.InnerException)
        {
            if (inner is DbException { SqlState: "40001" })
            {
                return true;
            }
        }

        return false;
    }

    private async Task<SessionView> BookAsync(
        Guid caseId, DateTimeOffset startsAt, DateTimeOffset endsAt, string place, IReadOnlyList<string>? requestedMediators, CancellationToken cancellationToken)
    {
        var dispute = await LoadCaseAsync(caseId, tracked: true, cancellationToken);
        Rules.Check(new OnlyOpenCasesChange(dispute.Status));
        var mediators = dispute.Mediators.ToList();
        if (requestedMediators is { Count: > 0 } names)
        {
            var userIds = new List<Guid>();
            foreach (var name in names.Select(n => n?.Trim() ?? "").Distinct(StringComparer.OrdinalIgnoreCase))
            {
                var normalised = name.ToUpperInvariant();
                var userId = await db.Users.Where(u => u.NormalizedUserName == normalised).Select(u => (Guid?)u.Id).SingleOrDefaultAsync(cancellationToken);
                if (userId is null || mediators.All(m => m.UserId != userId))
                {
                    throw new ValidationFailedException("mediators", $"“{name}”不是本案的调解员，请先指定其承办本案。");
                }

                userIds.Add(userId.Value);
            }

            mediators = [.. mediators.Where(m => userIds.Contains(m.UserId))];
        }

        if (mediators.Count == 0)
        {
            throw new ValidationFailedException("mediators", "本案还没有调解员，请先指定调解员再安排调解。");
        }

        foreach (var mediator in mediators)
        {
            // Bookings of every case and committee: a mediator's time is theirs wherever they mediate (this query reads bookings only).
            var clash = await db.Set<SessionBooking>().IgnoreQueryFilters().AsNoTracking()
                .Where(b => b.UserId == mediator.UserId && b.IsActive && b.StartsAt < endsAt && b.EndsAt > startsAt)
                .OrderBy(b => b.StartsAt).FirstOrDefaultAsync(cancellationToken);
            if (clash is not null)
            {
                var otherCase = await db.Set<MediationSession>().IgnoreQueryFilters().Where(s => s.Id == clash.SessionId).Select(s => s.CaseNumber).SingleOrDefaultAsync(cancellationToken);
                throw new BusinessRuleViolationException(new MediatorIsNotBookedTwice(mediator.Name, otherCase, clash.StartsAt, clash.EndsAt));
            }
        }

        var sequence = await db.Set<MediationSession>().CountAsync(s => s.CaseId == dispute.Id, cancellationToken) + 1;
        var session = new MediationSession(dispute.Id, dispute.Number, dispute.UnitPath, sequence, startsAt, endsAt, place);
        foreach (var mediator in mediators)
        {
            session.Book(mediator.UserId, mediator.Name);
        }

        db.Add(session);
        dispute.StartMediation(clock.GetUtcNow());
        audit.Record(ScheduleAction, TakeInDispute.Target(dispute.Id), dispute.UnitPath,
            $"{dispute.Number} 第 {sequence} 次调解：{Kernel.Time.ChinaTime.Format(startsAt)}，{place}，调解员 {string.Join("、", mediators.Select(m => m.Name))}");
        await SaveAsync(cancellationToken);
        return View(session);
    }

    public async Task<SessionView> RecordAsync(Guid caseId, Guid sessionId, RecordSessionRequest request, CancellationToken cancellationToken)
    {
        access.EnsureWorker();
        var errors = new Dictionary<string, string[]>();
        var minutes = request.Minutes?.Trim() ?? "";
        if (minutes.Length is 0 or > MediationSession.MaxMinutesLength)
        {
            errors["minutes"] = [$"请填写调解笔录（不超过 {MediationSession.MaxMinutesLength} 个字）。"];
        }

        if (request.Outcome is not { } outcome || !Enum.IsDefined(outcome))
        {
            errors["outcome"] = ["请选择本次调解结果：Adjourned 继续调解、AgreementReached 达成协议、NoAgreement 调解不成。"];
            outcome = default;
        }

        if (errors.Count > 0)
        {
            throw new ValidationFailedException(errors);
        }

        var dispute = await LoadCaseAsync(caseId, tracked: true, cancellationToken);
        var session = await db.Set<MediationSession>().Include(s => s.Bookings).Include(s => s.Attendance)
            .SingleOrDefaultAsync(s => s.Id == sessionId && s.CaseId == caseId, cancellationToken)
            ?? throw new NotFoundException("该次调解");
        Rules.Check(new SessionIsStillScheduled(session.Status));
        var attendance = request.Attendance ?? [];
        var unknown = attendance.Select(a => a.PartyId).Except(dispute.Parties.Select(p => p.Id)).ToList();
        if (unknown.Count > 0)
        {
            throw new ValidationFailedException("attendance", "出席情况中有不属于本案的当事人。");
        }

        var now = clock.GetUtcNow();
        // Added explicitly: children with their keys set, found only through the navigation, would be taken for updates.
        db.AddRange(session.Record(minutes, outcome, attendance.GroupBy(a => a.PartyId).Select(g => (g.Key, g.Last().Present)), now));

        if (outcome == SessionOutcome.NoAgreement)
        {
            dispute.EndUnresolved(now);
        }
        else
        {
            dispute.Changed(now);
        }

        audit.Record(RecordAction, TakeInDispute.Target(dispute.Id), dispute.UnitPath, $"{dispute.Number} 第 {session.Sequence} 次调解：{outcome}");
        await SaveAsync(cancellationToken);
        return View(session);
    }

    public async Task<SessionView> CancelAsync(Guid caseId, Guid sessionId, CancellationToken cancellationToken)
    {
        access.EnsureWorker();
        var dispute = await LoadCaseAsync(caseId, tracked: true, cancellationToken);
        var session = await db.Set<MediationSession>().Include(s => s.Bookings).Include(s => s.Attendance)
            .SingleOrDefaultAsync(s => s.Id == sessionId && s.CaseId == caseId, cancellationToken)
            ?? throw new NotFoundException("该次调解");
        Rules.Check(new SessionIsStillScheduled(session.Status));
        session.Cancel();
        dispute.Changed(clock.GetUtcNow());
        audit.Record(CancelAction, TakeInDispute.Target(dispute.Id), dispute.UnitPath, $"{dispute.Number} 取消第 {session.Sequence} 次调解");
        await SaveAsync(cancellationToken);
        return View(session);
    }

    public async Task<MediationPeriodView> ExtendAsync(Guid caseId, ExtendMediationRequest request, CancellationToken cancellationToken)
    {
        if (!ApproverRoles.Any(actor.IsInRole))
        {
            throw new ForbiddenException("延长调解期限须经社区、街道或管理员批准，调解员不能自行延长。");
        }

        var errors = new Dictionary<string, string[]>();
        var reason = request.Reason?.Trim() ?? "";
        if (reason.Length is 0 or > 200)
        {
            errors["reason"] = ["请说明延长理由（不超过 200 个字）。"];
        }

        if (request.Until is null)
        {
            errors["until"] = ["请填写延长后的期限。"];
        }

        if (errors.Count > 0)
        {
            throw new ValidationFailedException(errors);
        }

        var dispute = await LoadCaseAsync(caseId, tracked: true, cancellationToken);
        var before = dispute.DueOn;
        dispute.Extend(request.Until!.Value, reason, actor.UserId, clock.GetUtcNow());
        audit.Record(ExtendAction, TakeInDispute.Target(dispute.Id), dispute.UnitPath, $"{dispute.Number} 调解期限 {before:yyyy-MM-dd} → {dispute.DueOn:yyyy-MM-dd}：{reason}");
        await SaveAsync(cancellationToken);
        return Period(dispute, access.Today);
    }

    internal static MediationPeriodView Period(MediationCase dispute, DateOnly today) =>
        new(dispute.AcceptedOn, dispute.DueOn, dispute.Extensions, dispute.ExtensionReason, dispute.Status.IsOpen() && today > dispute.DueOn);

    private static SessionView View(MediationSession s) =>
        new(s.Id, s.Sequence, s.StartsAt, s.EndsAt, s.Place, s.Status, [.. s.Bookings.Select(b => b.Name)], s.Minutes, s.Outcome,
            [.. s.Attendance.Select(a => new AttendanceView(a.PartyId, a.Present))]);

    private async Task<MediationCase> LoadCaseAsync(Guid id, bool tracked, CancellationToken cancellationToken)
    {
        var cases = await access.CasesAsync(cancellationToken);
        if (!tracked)
        {
            cases = cases.AsNoTracking();
        }

        return await cases.Include(c => c.Parties).Include(c => c.Mediators).SingleOrDefaultAsync(c => c.Id == id, cancellationToken)
            ?? throw new NotFoundException("该调解案件");
    }

    private async Task SaveAsync(CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new ConflictException(DisputeRecords.StaleMessage);
        }
    }
}
