using Fengqiao.Kernel.Access;
using Fengqiao.Kernel.Errors;
using Fengqiao.Kernel.Privacy;
using Fengqiao.Mediation.Disputes;

namespace Fengqiao.Mediation.Committees;

/// <summary>
/// 人民调解委员会 or the county 矛调中心, owned by a unit (village/community, street/township, county). A committee is
/// registered first and then constituted (成立) once its composition meets Art. 9 of the People's Mediation Law; from then
/// on no change may break it. Every membership change bumps <see cref="Version"/>, so two concurrent changes cannot both
/// pass the composition check.
/// </summary>
public sealed class Committee : IJurisdictional
{
    public const int MaxNameLength = 100;
    public const int MaxAddressLength = 200;

    private readonly List<CommitteeMember> _members = [];
    private readonly List<CentreWindow> _windows = [];

    private Committee()
    {
        Name = UnitCode = UnitPath = "";
    }

    internal Committee(CommitteeKind kind, string name, DisputeType? sector, Guid unitId, string unitCode, string unitPath, string? address, string? phone, DateTimeOffset createdAt)
    {
        Id = Guid.CreateVersion7();
        Kind = kind;
        Name = name;
        Sector = sector;
        UnitId = unitId;
        UnitCode = unitCode;
        UnitPath = unitPath;
        Address = address;
        Phone = phone;
        CreatedAt = createdAt;
        // The centre is an office of the county, not a committee under the Act: it works from the day it is registered.
        if (!kind.IsPeoplesMediationCommittee())
        {
            ConstitutedOn = DateOnly.FromDateTime(createdAt.UtcDateTime);
        }
    }

    public Guid Id { get; private set; }

    public CommitteeKind Kind { get; private set; }

    public string Name { get; private set; }

    /// <summary>The field of a sector committee (道路交通事故, 医疗, 劳动争议, 物业 …).</summary>
    public DisputeType? Sector { get; private set; }

    public Guid UnitId { get; private set; }

    public string UnitCode { get; private set; }

    public string UnitPath { get; private set; }

    public string? Address { get; private set; }

    /// <summary>The office's public phone (not personal data).</summary>
    public string? Phone { get; private set; }

    /// <summary>成立日期: when the committee was constituted; null while it is being formed (筹建).</summary>
    public DateOnly? ConstitutedOn { get; private set; }

    public bool IsConstituted => ConstitutedOn is not null;

    public DateTimeOffset CreatedAt { get; private set; }

    public long Version { get; private set; }

    public IReadOnlyList<CommitteeMember> Members => _members;

    public IReadOnlyList<CentreWindow> Windows => _windows;

    public MediationTier Tier => Kind.Tier();

    /// <summary>Adds a person; once constituted, a new seat may not take the committee past nine members or to a second chair.</summary>
    internal CommitteeMember AddMember(
        Guid? userId, string name, Gender gender, CommitteeRole role, IEnumerable<DisputeType> expertise, string? certificateNumber, DateOnly? certifiedOn,
        DateOnly from, DateOnly today)
    {
        if (userId is { } account && _members.Any(m => m.UserId == account && m.IsCurrent(today)))
        {
            throw new ConflictException($"该账号已是“{Name}”的现任成员。");
        }

        if (role == CommitteeRole.Chair)
        {
            Rules.Check(new CommitteeHasOneChair(_members.Count(m => m.Role == CommitteeRole.Chair && m.IsCurrent(today)) + 1, constituting: false));
        }

        var member = new CommitteeMember(Id, UnitPath, userId, name, gender, role, expertise, certificateNumber, certifiedOn, from);
        if (IsConstituted && Kind.IsPeoplesMediationCommittee() && role.IsCommitteeSeat())
        {
            CheckComposition(Seats(today).Append(member), constituting: false);
        }

        _members.Add(member);
        Version++;
        return member;
    }

    /// <summary>Ends a membership; once constituted, the committee may not fall below three members or lose its last woman.</summary>
    internal CommitteeMember EndMember(Guid memberId, DateOnly to, DateOnly today)
    {
        var member = _members.SingleOrDefault(m => m.Id == memberId) ?? throw new NotFoundException("该成员");
        if (IsConstituted && Kind.IsPeoplesMediationCommittee() && member.Role.IsCommitteeSeat() && member.IsCurrent(today))
        {
            CheckComposition(Seats(today).Where(m => m.Id != memberId), constituting: false);
        }

        member.End(to);
        Version++;
        return member;
    }

    /// <summary>成立: the committee starts working; its current composition must meet Art. 9.</summary>
    internal void Constitute(DateOnly on, DateOnly today)
    {
        if (IsConstituted)
        {
            throw new ConflictException($"“{Name}”已于 {ConstitutedOn:yyyy-MM-dd} 成立。");
        }

        var seats = Seats(today).ToList();
        CheckComposition(seats, constituting: true);
        Rules.Check(new CommitteeHasOneChair(seats.Count(m => m.Role == CommitteeRole.Chair), constituting: true));
        ConstitutedOn = on;
        Version++;
    }

    internal CentreWindow AddWindow(string name, string agency)
    {
        Rules.Check(new WindowsBelongToTheCountyCentre(Kind));
        if (_windows.Any(w => w.Name == name))
        {
            throw new ConflictException($"“{Name}”已有“{name}”。");
        }

        var window = new CentreWindow(Id, UnitPath, name, agency);
        _windows.Add(window);
        Version++;
        return window;
    }

    private IEnumerable<CommitteeMember> Seats(DateOnly today) => _members.Where(m => m.Role.IsCommitteeSeat() && m.IsCurrent(today));

    private static void CheckComposition(IEnumerable<CommitteeMember> seats, bool constituting)
    {
        var list = seats.ToList();
        Rules.Check(new CommitteeHasThreeToNineMembers(list.Count, constituting));
        Rules.Check(new CommitteeIncludesAWoman(list.Count(m => m.Gender == Gender.Female), constituting));
    }
}
