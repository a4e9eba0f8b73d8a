using System.Security.Cryptography;
using Fengqiao.Kernel.Access;
using Fengqiao.Kernel.Audit;
using Fengqiao.Kernel.Data;
using Fengqiao.Kernel.Errors;
using Fengqiao.Kernel.Privacy;
using Fengqiao.Kernel.Time;
using Fengqiao.Kernel.Units;
using Fengqiao.Mediation.Committees;
using Fengqiao.Mediation.Risk;
using Microsoft.EntityFrameworkCore;

namespace Fengqiao.Mediation.Disputes;

/// <summary>
/// 受理: a committee takes in a dispute on a party's application, on its own initiative, from an informant's clue or by
/// referral; the source is recorded, the point located in its grid, the parties' personal data protected, the risk rated.
/// </summary>
public sealed class TakeInDispute(
    FengqiaoDbContext db, ICurrentActor actor, IAuditTrail audit, PersonalDataProtector protector, IPointLocator locator, TimeProvider clock,
    DisputeAccess access, RiskAssessor risk, DisputeQueries queries)
{
    public const string IntakeAction = "mediation.case.intake";

    public async Task<DisputeDetail> IntakeAsync(IntakeRequest request, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await IntakeOnceAsync(request, cancellationToken);
            }
            catch (DbUpdateException exception) when (attempt < MaxCommitAttempts && db.Database.CurrentTransaction is null
                                                      && db.IsUniqueViolation<MediationCase>(exception, nameof(MediationCase.Number)))
            {
                // Another intake drew the same number and committed it between this one's draw and its commit (the
                // draw checks only what is committed): nothing of this attempt was written, so it is made again from
                // the request, with a new draw. Only when the intake is its own unit of work: a caller's transaction
                // (a follow-up visit opening a new case) tracks changes of its own, which clearing would lose, so
                // there the error goes up, the caller's transaction rolls back whole, and the caller tries again.
                db.ChangeTracker.Clear();
            }
        }
    }

    private async Task<DisputeDetail> IntakeOnceAsync(IntakeRequest request, CancellationToken cancellationToken)
    {
        access.EnsureWorker();
        var errors = new Dictionary<string, string[]>();
        if (request.CommitteeId is null)
        {
            errors["committeeId"] = ["请选择受理的调解组织。"];
        }

        if (request.Source is not { } source || !Enum.IsDefined(source))
        {
            errors["source"] = ["请选择案件来源：ApplicationWalkIn 来访申请、ApplicationWeb 网上申请、ApplicationPhone 电话申请、Initiative 主动调解、ReferralCourt 法院委托、ReferralPolice 公安委托、ReferralPetitionOffice 信访委托、InformantClue 信息员线索。"];
            source = default;
        }
        else if (source == DisputeSource.EscalatedEvent)
        {
            errors["source"] = ["事件提级转入的案件由事件系统自动生成，不能手工登记。"];
        }

        var reference = Optional(request.SourceReference);
        if (source.IsReferral() && reference is null)
        {
            errors["sourceReference"] = ["委托移送的案件须填写移送函编号或移送单位。"];
        }
        else if (reference is { Length: > MediationCase.MaxReferenceLength })
        {
            errors["sourceReference"] = [$"来源说明不能超过 {MediationCase.MaxReferenceLength} 个字。"];
        }

        var facts = CheckFacts(request.Type, request.Title, request.Facts, request.Claims, request.Amount, request.PeopleInvolved, request.Longitude, request.Latitude, request.Address, errors);
        var today = access.Today;
        var parties = new List<PartyInput.Checked>();
        if (request.Parties is not { Count: > 0 })
        {
            errors["parties"] = ["请至少登记一方当事人。"];
        }
        else
        {
            for (var i = 0; i < request.Parties.Count; i++)
            {
                if (PartyInput.Check(request.Parties[i], $"parties[{i}]", errors, protector, today) is { } party)
                {
                    parties.Add(party);
                }
            }
        }

        if (errors.Count > 0)
        {
            throw new ValidationFailedException(errors);
        }

        var committee = await db.Set<Committee>().Include(c => c.Members).SingleOrDefaultAsync(c => c.Id == request.CommitteeId, cancellationToken)
            ?? throw new NotFoundException("该调解组织");
        await access.EnsureMayActForAsync(committee, cancellationToken);
        Rules.Check(new OnlyConstitutedCommitteesMediate(committee.Name, committee.IsConstituted));
        var mediators = await ResolveMediatorsAsync(committee, request.Mediators ?? [], today, cancellationToken);
        var place = await LocateAsync(facts, cancellationToken);
        var tierReason = await Tiers.ManageTiers.CheckIntakeAsync(db, committee, place.CommunityCode, facts.Type, request.TierReason, cancellationToken);
        var now = clock.GetUtcNow();
        var dispute = new MediationCase(
            await NewNumberAsync(db, now, cancellationToken), committee, source, reference, null, facts.Type, facts.Title, facts.Facts, facts.Claims, facts.Amount, facts.People,
            place, today, actor.UserId, now);
        foreach (var party in parties)
        {
            dispute.AddParty(party.Kind, party.Role, party.Name, party.IdentityNumber, party.Phone, party.OrganisationName, party.IsVulnerable, party.Vulnerability, now);
        }

        foreach (var (userId, name) in mediators)
        {
            dispute.AssignMediator(userId, name, now);
        }

        dispute.AssessRisk(await risk.AssessAsync(dispute, cancellationToken), now);
        dispute.CheckClusters(now);
        db.Add(dispute);
        await Tiers.ManageTiers.RecordIntakeAsync(db, actor, dispute, committee, tierReason, now, cancellationToken);
        audit.Record(IntakeAction, Target(dispute.Id), dispute.UnitPath, $"{committee.Name}受理 {dispute.Number}：{facts.Type.DisplayName()}，{source.DisplayName()}");
        await db.SaveChangesAsync(cancellationToken);
        return await queries.GetAsync(dispute.Id, cancellationToken);
    }

    internal static string Target(Guid caseId) => $"mediation-case:{caseId}";

    internal sealed record CheckedFacts(DisputeType Type, string Title, string Facts, string Claims, decimal? Amount, int People, double? Longitude, double? Latitude, string? Address);

    internal static CheckedFacts CheckFacts(
        DisputeType? type, string? title, string? facts, string? claims, decimal? amount, int? people, double? longitude, double? latitude, string? address,
        Dictionary<string, string[]> errors)
    {
        if (type is not { } disputeType || !Enum.IsDefined(disputeType))
        {
            errors["type"] = ["请选择纠纷类型（婚姻家庭、邻里、房屋宅基地、合同、生产经营、损害赔偿、山林土地、征地拆迁、环境污染、劳动争议、消费、医疗、道路交通事故、物业、其他）。"];
            disputeType = default;
        }

        var cleanTitle = title?.Trim() ?? "";
        if (cleanTitle.Length is 0 or > MediationCase.MaxTitleLength)
        {
            errors["title"] = [$"请填写案由（不超过 {MediationCase.MaxTitleLength} 个字）。"];
        }

        var cleanFacts = facts?.Trim() ?? "";
        if (cleanFacts.Length is 0 or > MediationCase.MaxTextLength)
        {
            errors["facts"] = [$"请填写纠纷事实（不超过 {MediationCase.MaxTextLength} 个字）。"];
        }

        var cleanClaims = claims?.Trim() ?? "";
        if (cleanClaims.Length is 0 or > MediationCase.MaxTextLength)
        {
            errors["claims"] = [$"请填写当事人诉求（不超过 {MediationCase.MaxTextLength} 个字）。"];
        }

        if (amount is < 0 or > 100_000_000_000m)
        {
            errors["amount"] = ["涉及金额应在 0 到 1000 亿元之间。"];
        }

        if (people is not { } count || count < 1 || count > 100_000)
        {
            errors["peopleInvolved"] = ["请填写涉及人数（1–100000）。"];
            count = 1;
        }

        if (longitude.HasValue != latitude.HasValue || longitude is < -180 or > 180 || latitude is < -90 or > 90
            || (longitude is { } x && double.IsNaN(x)) || (latitude is { } y && double.IsNaN(y)))
        {
            errors["longitude"] = ["纠纷地点须同时填写经度和纬度（WGS84，经度 -180–180，纬度 -90–90）。"];
        }

        var cleanAddress = Optional(address);
        if (cleanAddress is { Length: > MediationCase.MaxAddressLength })
        {
            errors["address"] = [$"地址不能超过 {MediationCase.MaxAddressLength} 个字。"];
        }

        return new CheckedFacts(disputeType, cleanTitle, cleanFacts, cleanClaims, amount is { } a ? decimal.Round(a, 2) : null, count, longitude, latitude, cleanAddress);
    }

    internal static async Task<DisputePlace> LocateAsync(IPointLocator locator, CheckedFacts facts, CancellationToken cancellationToken)
    {
        if (facts.Longitude is not { } longitude || facts.Latitude is not { } latitude)
        {
            return new DisputePlace(null, null, facts.Address, null, null);
        }

        var located = await locator.LocateAsync(longitude, latitude, cancellationToken);
        return located.IsInside
            ? new DisputePlace(longitude, latitude, facts.Address, located.GridCode, located.CommunityCode)
            : new DisputePlace(longitude, latitude, facts.Address, null, null);
    }

    private Task<DisputePlace> LocateAsync(CheckedFacts facts, CancellationToken cancellationToken) => LocateAsync(locator, facts, cancellationToken);

    /// <summary>The named mediators, each a current member of the committee with an account, plus the accepting mediator.</summary>
    private async Task<List<(Guid UserId, string Name)>> ResolveMediatorsAsync(Committee committee, IReadOnlyList<string> userNames, DateOnly today, CancellationToken cancellationToken)
    {
        var result = new List<(Guid, string)>();
        foreach (var userName in userNames.Select(n => n?.Trim() ?? "").Where(n => n.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase))
        {
            result.Add(await MediatorOfAsync(db, committee, userName, today, cancellationToken));
        }

        if (actor.UserId is { } me && committee.Members.FirstOrDefault(m => m.UserId == me && m.IsCurrent(today)) is { } self && result.All(r => r.Item1 != me))
        {
            result.Insert(0, (me, self.Name));
        }

        return result;
    }

    internal static async Task<(Guid UserId, string Name)> MediatorOfAsync(FengqiaoDbContext db, Committee committee, string userName, DateOnly today, CancellationToken cancellationToken)
    {
        var normalised = userName.ToUpperInvariant();
        var userId = await db.Users.Where(u => u.NormalizedUserName == normalised && !u.IsDisabled).Select(u => (Guid?)u.Id).SingleOrDefaultAsync(cancellationToken);
        var member = userId is null ? null : committee.Members.FirstOrDefault(m => m.UserId == userId && m.IsCurrent(today));
        if (member is null)
        {
            throw new ValidationFailedException("mediators", $"“{userName}”不是“{committee.Name}”的现任调解员，不能承办本案。");
        }

        return (userId!.Value, member.Name);
    }

    /// <summary>
    /// 调 + date in China + five random digits: readable on the phone, unique by index. Drawn until one is free: five
    /// random digits alone collide by the birthday rule (300 disputes a day in one county: a 36 % chance that two share a
    /// number that day), and the unique index then failed the intake with a server error. The check sees only committed
    /// numbers, so two intakes at once can still draw the same free one; the later commit then fails on the index and
    /// its intake is made again (<see cref="IntakeAsync"/>), or, for an escalated event, delivered again by the outbox.
    /// </summary>
    internal static async Task<string> NewNumberAsync(FengqiaoDbContext db, DateTimeOffset now, CancellationToken ct, Func<int>? digits = null)
    {
        var day = $"调{ChinaTime.ToLocal(now):yyyyMMdd}";
        for (var attempt = 0; attempt < MaxNumberDraws; attempt++)
        {
            var number = $"{day}{digits?.Invoke() ?? RandomNumberGenerator.GetInt32(0, 100_000):00000}";
            if (!await db.Set<MediationCase>().IgnoreQueryFilters().AnyAsync(c => c.Number == number, ct))
            {
                return number;
            }
        }

        throw new InvalidOperationException($"No free mediation case number for {day} after {MaxNumberDraws} draws.");
    }

    /// <summary>Draws before giving up: with a day's numbers 90 % taken, 50 draws all miss once in 200.</summary>
    private const int MaxNumberDraws = 50;

    /// <summary>
    /// Commits tried before a lost race for a number is a server error: two simultaneous intakes draw the same free
    /// number about once in 100,000 pairs, so a third attempt losing again means something else is wrong. Also the
    /// attempts of a follow-up visit that takes a relapse in as a new case (<c>ManageFollowUps.RecordAsync</c>).
    /// </summary>
    internal const int MaxCommitAttempts = 3;

    private static string? Optional(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}

/// <summary>只有已经成立（组成符合《人民调解法》第九条）的调解委员会才能受理纠纷。</summary>
public sealed class OnlyConstitutedCommitteesMediate(string committeeName, bool constituted) : IBusinessRule
{
    public string Message => $"“{committeeName}”尚未成立（委员组成须符合《人民调解法》第九条并办理成立），不能受理纠纷。";

    public bool IsBroken() => !constituted;
}
