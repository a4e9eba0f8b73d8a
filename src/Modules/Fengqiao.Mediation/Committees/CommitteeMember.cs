using Fengqiao.Kernel.Access;
using Fengqiao.Kernel.Errors;
using Fengqiao.Kernel.Privacy;
using Fengqiao.Mediation.Disputes;

namespace Fengqiao.Mediation.Committees;

/// <summary>
/// 人民调解员: a person serving in a committee or at a centre window, with the dispute types they know best and their
/// certificate. <see cref="UserId"/> links the platform account a mediator works with; a mediator sees the cases of the
/// committees they currently serve in and no others.
/// </summary>
public sealed class CommitteeMember : IJurisdictional
{
    public const int MaxNameLength = 50;
    public const int MaxCertificateLength = 40;

    private CommitteeMember()
    {
        Name = UnitPath = "";
    }

    internal CommitteeMember(
        Guid committeeId, string unitPath, Guid? userId, string name, Gender gender, CommitteeRole role,
        IEnumerable<DisputeType> expertise, string? certificateNumber, DateOnly? certifiedOn, DateOnly from)
    {
        Id = Guid.CreateVersion7();
        CommitteeId = committeeId;
        UnitPath = unitPath;
        UserId = userId;
        Name = name;
        Gender = gender;
        Role = role;
        Expertise = DisputeTypes.FormatList(expertise);
        CertificateNumber = certificateNumber;
        CertifiedOn = certifiedOn;
        From = from;
    }

    public Guid Id { get; private set; }

    public Guid CommitteeId { get; private set; }

    /// <summary>The committee's unit path, copied so that members are filtered on their own.</summary>
    public string UnitPath { get; private set; }

    /// <summary>The platform account of this mediator, if they use one (no foreign key into identity tables).</summary>
    public Guid? UserId { get; private set; }

    public string Name { get; private set; }

    /// <summary>Needed for the law's rule that a committee has women members.</summary>
    public Gender Gender { get; private set; }

    public CommitteeRole Role { get; private set; }

    /// <summary>擅长领域: dispute type names, comma-separated.</summary>
    public string? Expertise { get; private set; }

    /// <summary>人民调解员证书编号.</summary>
    public string? CertificateNumber { get; private set; }

    public DateOnly? CertifiedOn { get; private set; }

    public DateOnly From { get; private set; }

    public DateOnly? To { get; private set; }

    public bool IsCurrent(DateOnly today) => From <= today && (To is null || To >= today);

    public IReadOnlyList<DisputeType> ExpertiseList => DisputeTypes.ParseList(Expertise);

    internal void End(DateOnly to)
    {
        if (to < From)
        {
            throw new ValidationFailedException("to", $"结束日期 {to:yyyy-MM-dd} 不能早于开始日期 {From:yyyy-MM-dd}。");
        }

        if (To is not null && To <= to)
        {
            throw new ConflictException($"{Name}的任职已于 {To:yyyy-MM-dd} 结束。");
        }

        To = to;
    }
}
