using Fengqiao.Kernel.Access;
using Fengqiao.Kernel.Audit;
using Fengqiao.Kernel.Data;
using Fengqiao.Kernel.Errors;
using Fengqiao.Mediation.Disputes;
using Microsoft.EntityFrameworkCore;

namespace Fengqiao.Mediation.Sessions;

/// <summary>
/// 通知当事人: which parties have been told of a scheduled sitting, and recording that one was (phone, text message, in
/// person, in writing). Only a sitting still to be held takes notices; a party is recorded once per sitting.
/// </summary>
public sealed class NotifyParties(FengqiaoDbContext db, ICurrentActor actor, IAuditTrail audit, TimeProvider clock, DisputeAccess access)
{
    public const string Action = "mediation.session.notify";

    public async Task<IReadOnlyList<SessionNoticeView>> ListAsync(Guid caseId, Guid sessionId, CancellationToken cancellationToken)
    {
        access.EnsureReader();
        var (dispute, _) = await LoadAsync(caseId, sessionId, cancellationToken);
        var notices = await db.Set<SessionNotice>().AsNoTracking().Where(n => n.SessionId == sessionId).ToListAsync(cancellationToken);
        return [.. dispute.Parties.OrderBy(p => p.Role).ThenBy(p => p.Id).Select(p =>
        {
            var notice = notices.SingleOrDefault(n => n.PartyId == p.Id);
            return new SessionNoticeView(p.Id, p.Role, p.NameMasked, notice?.Way, notice?.NotifiedAt, notice?.RecordedByName);
        })];
    }

    public async Task<IReadOnlyList<SessionNoticeView>> RecordAsync(Guid caseId, Guid sessionId, SessionNoticeRequest request, CancellationToken cancellationToken)
    {
        access.EnsureWorker();
        var errors = new Dictionary<string, string[]>();
        if (request.PartyId is null)
        {
            errors["partyId"] = ["请选择已通知的当事人。"];
        }

        if (request.Way is not { } way || !Enum.IsDefined(way))
        {
            errors["way"] = ["请选择通知方式：Phone 电话、TextMessage 短信、InPerson 当面、Written 书面。"];
            way = default;
        }

        if (errors.Count > 0)
        {
            throw new ValidationFailedException(errors);
        }

        var (dispute, session) = await LoadAsync(caseId, sessionId, cancellationToken);
        Rules.Check(new SessionIsStillScheduled(session.Status));
        var party = dispute.Parties.SingleOrDefault(p => p.Id == request.PartyId)
            ?? throw new ValidationFailedException("partyId", "该当事人不属于本案。");
        if (await db.Set<SessionNotice>().AnyAsync(n => n.SessionId == sessionId && n.PartyId == party.Id, cancellationToken))
        {
            throw new ConflictException($"已记录通知当事人 {party.NameMasked} 参加第 {session.Sequence} 次调解。");
        }

        db.Add(new SessionNotice(session, party.Id, way, actor.UserId, actor.Name, clock.GetUtcNow()));
        audit.Record(Action, TakeInDispute.Target(dispute.Id), dispute.UnitPath, $"{dispute.Number} 第 {session.Sequence} 次调解：已通知 {party.NameMasked}（{way}）");
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Two people recorded the same party at once: the unique index kept one.
            throw new ConflictException($"已记录通知当事人 {party.NameMasked} 参加第 {session.Sequence} 次调解。");
        }

        return await ListAsync(caseId, sessionId, cancellationToken);
    }

    private async Task<(MediationCase Case, MediationSession Session)> LoadAsync(Guid caseId, Guid sessionId, CancellationToken cancellationToken)
    {
        var cases = await access.CasesAsync(cancellationToken);
        var dispute = await cases.AsNoTracking().Include(c => c.Parties).SingleOrDefaultAsync(c => c.Id == caseId, cancellationToken)
            ?? throw new NotFoundException("该调解案件");
        var session = await db.Set<MediationSession>().AsNoTracking().SingleOrDefaultAsync(s => s.Id == sessionId && s.CaseId == caseId, cancellationToken)
            ?? throw new NotFoundException("该次调解");
        return (dispute, session);
    }
}
