using Fengqiao.Kernel.Audit;
using Fengqiao.Kernel.Data;
using Fengqiao.Kernel.Errors;
using Fengqiao.Kernel.Privacy;
using Fengqiao.Kernel.Units;
using Fengqiao.Mediation.Committees;
using Fengqiao.Mediation.Risk;
using Microsoft.EntityFrameworkCore;

namespace Fengqiao.Mediation.Disputes;

/// <summary>
/// Changes to a case after intake: revising its facts (with the version the editor loaded: a stale edit is refused
/// with 409), adding parties, assigning mediators, and revealing a party's personal data through the audited reveal.
/// The risk is rated again after every change.
/// </summary>
public sealed class DisputeRecords(
    FengqiaoDbContext db, IAuditTrail audit, PersonalDataProtector protector, PersonalDataAccess personalData, IPointLocator locator, TimeProvider clock,
    DisputeAccess access, RiskAssessor risk, DisputeQueries queries)
{
    public const string ReviseAction = "mediation.case.revise";
    public const string AddPartyAction = "mediation.case.add-party";
    public const string AssignMediatorAction = "mediation.case.assign-mediator";
    public const string StaleMessage = "案件已被他人修改，请刷新后查看最新内容再提交。";

    public async Task<DisputeDetail> ReviseAsync(Guid id, ReviseDisputeRequest request, CancellationToken cancellationToken)
    {
        access.EnsureWorker();
        var errors = new Dictionary<string, string[]>();
        if (request.Version is null)
        {
            errors["version"] = ["请提交所编辑的案件版本号（version），以免覆盖他人的修改。"];
        }

        var facts = TakeInDispute.CheckFacts(request.Type, request.Title, request.Facts, request.Claims, request.Amount, request.PeopleInvolved, request.Longitude, request.Latitude, request.Address, errors);
        if (errors.Count > 0)
        {
            throw new ValidationFailedException(errors);
        }

        var dispute = await LoadAsync(id, cancellationToken);
        if (dispute.Version != request.Version)
        {
            throw new ConflictException(StaleMessage);
        }

        var place = await TakeInDispute.LocateAsync(locator, facts, cancellationToken);
        var now = clock.GetUtcNow();
        dispute.Revise(facts.Type, facts.Title, facts.Facts, facts.Claims, facts.Amount, facts.People, place, now);
        dispute.AssessRisk(await risk.AssessAsync(dispute, cancellationToken), now);
        dispute.CheckClusters(now);
        audit.Record(ReviseAction, TakeInDispute.Target(dispute.Id), dispute.UnitPath, $"{dispute.Number}：修改案情（{facts.Type.DisplayName()}，{facts.People} 人）");
        await SaveAsync(cancellationToken);
        return await queries.GetAsync(dispute.Id, cancellationToken);
    }

    public async Task<PartyView> AddPartyAsync(Guid id, PartyRequest request, CancellationToken cancellationToken)
    {
        access.EnsureWorker();
        var errors = new Dictionary<string, string[]>();
        var party = PartyInput.Check(request, "party", errors, protector, access.Today);
        if (party is null)
        {
            throw new ValidationFailedException(errors);
        }

        var dispute = await LoadAsync(id, cancellationToken);
        Rules.Check(new OnlyOpenCasesChange(dispute.Status));
        var now = clock.GetUtcNow();
        var added = dispute.AddParty(party.Kind, party.Role, party.Name, party.IdentityNumber, party.Phone, party.OrganisationName, party.IsVulnerable, party.Vulnerability, now);
        db.Add(added);
        dispute.AssessRisk(await risk.AssessAsync(dispute, cancellationToken), now);
        dispute.CheckClusters(now);
        audit.Record(AddPartyAction, TakeInDispute.Target(dispute.Id), dispute.UnitPath, $"{dispute.Number}：增加当事人 {added.NameMasked}");
        await SaveAsync(cancellationToken);
        return DisputeQueries.View(added);
    }

    public async Task<CaseMediatorView> AssignMediatorAsync(Guid id, AssignMediatorRequest request, CancellationToken cancellationToken)
    {
        access.EnsureWorker();
        if (string.IsNullOrWhiteSpace(request.UserName))
        {
            throw new ValidationFailedException("userName", "请指定调解员账号。");
        }

        var dispute = await LoadAsync(id, cancellationToken);
        Rules.Check(new OnlyOpenCasesChange(dispute.Status));
        var committee = await db.Set<Committee>().Include(c => c.Members).SingleAsync(c => c.Id == dispute.CommitteeId, cancellationToken);
        var (userId, name) = await TakeInDispute.MediatorOfAsync(db, committee, request.UserName.Trim(), access.Today, cancellationToken);
        var mediator = dispute.AssignMediator(userId, name, clock.GetUtcNow());
        db.Add(mediator);
        audit.Record(AssignMediatorAction, TakeInDispute.Target(dispute.Id), dispute.UnitPath, $"{dispute.Number}：指定调解员 {name}");
        await SaveAsync(cancellationToken);
        return new CaseMediatorView(mediator.UserId, mediator.Name, mediator.AssignedAt);
    }

    /// <summary>A party's full name, identity number or phone, for the case's workers only, audited with the stated purpose.</summary>
    public async Task<RevealedPartyValue> RevealAsync(Guid id, Guid partyId, RevealPartyRequest request, CancellationToken cancellationToken)
    {
        access.EnsureWorker();
        var cases = await access.CasesAsync(cancellationToken);
        if (!await cases.AnyAsync(c => c.Id == id, cancellationToken))
        {
            throw new NotFoundException("该调解案件");
        }

        var party = await db.Set<DisputeParty>().AsNoTracking().SingleOrDefaultAsync(p => p.Id == partyId && p.CaseId == id, cancellationToken)
            ?? throw new NotFoundException("该当事人");
        var (field, ciphertext, label) = (request.Field ?? "").Trim() switch
        {
            "name" => (DisputeParty.NameField, party.NameCipher, "姓名"),
            "identityNumber" => (DisputeParty.IdentityNumberField, party.IdentityNumberCipher, "身份证号码"),
            "phone" => (DisputeParty.PhoneField, party.PhoneCipher, "电话"),
            var other => throw new ValidationFailedException("field", $"无法查看“{other}”：field 应为 name、identityNumber 或 phone。"),
        };
        if (ciphertext is null)
        {
            // An organisation's name is public and shown in full already.
            throw new NotFoundException($"该当事人的受保护{label}");
        }

        var value = await personalData.RevealAsync(
            new PersonalDataItem("mediation-party", party.Id.ToString(), field, party.UnitPath), ciphertext, request.Purpose, DisputeAccess.WorkerRoles, cancellationToken);
        return new RevealedPartyValue(party.Id, request.Field!.Trim(), value);
    }

    private async Task<MediationCase> LoadAsync(Guid id, CancellationToken cancellationToken)
    {
        var cases = await access.CasesAsync(cancellationToken);
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
            throw new ConflictException(StaleMessage);
        }
    }
}
