using Fengqiao.Kernel.Access;
using Fengqiao.Kernel.Audit;
using Fengqiao.Kernel.Data;
using Fengqiao.Kernel.Errors;
using Fengqiao.Kernel.Identity;
using Fengqiao.Kernel.Privacy;
using Fengqiao.Kernel.Time;
using Microsoft.EntityFrameworkCore;

namespace Fengqiao.Mediation.Committees;

/// <summary>
/// 调解组织管理: community workers, street officers and administrators register committees of units in their
/// jurisdiction, their members and mediators, constitute them under Art. 9, and open the centre's windows. Audited.
/// </summary>
public sealed class ManageCommittees(FengqiaoDbContext db, ICurrentActor actor, IAuditTrail audit, TimeProvider clock, CommitteeQueries queries)
{
    public const string CreateAction = "mediation.committee.create";
    public const string AddMemberAction = "mediation.committee.add-member";
    public const string EndMemberAction = "mediation.committee.end-member";
    public const string ConstituteAction = "mediation.committee.constitute";
    public const string AddWindowAction = "mediation.committee.add-window";

    /// <summary>Who may register and change mediation organisations (the judicial office works through street and county accounts).</summary>
    public static IReadOnlyList<string> EditorRoles { get; } = [Roles.CommunityWorker, Roles.StreetOfficer, Roles.Administrator];

    public async Task<CommitteeDetail> CreateAsync(CreateCommitteeRequest request, CancellationToken cancellationToken)
    {
        EnsureEditor();
        var errors = new Dictionary<string, string[]>();
        var name = request.Name?.Trim() ?? "";
        if (name.Length is 0 or > Committee.MaxNameLength)
        {
            errors["name"] = [$"请填写调解组织名称（不超过 {Committee.MaxNameLength} 个字）。"];
        }

        if (request.Kind is not { } kind || !Enum.IsDefined(kind))
        {
            errors["kind"] = ["请选择调解组织类别：Village 村、Residents 社区（居）、Township 乡镇、Street 街道、Enterprise 企业、Sector 行业性专业性、CountyCentre 矛调中心。"];
            kind = default;
        }

        if (kind == CommitteeKind.Sector && request.Sector is null)
        {
            errors["sector"] = ["行业性专业性调委会须注明行业（如 RoadTrafficAccident 道路交通事故、Medical 医疗、Labour 劳动争议、Property 物业）。"];
        }
        else if (request.Sector is { } sector && (!Enum.IsDefined(sector) || kind != CommitteeKind.Sector))
        {
            errors["sector"] = ["只有行业性专业性调委会注明行业。"];
        }

        var address = Optional(request.Address);
        if (address is { Length: > Committee.MaxAddressLength })
        {
            errors["address"] = [$"地址不能超过 {Committee.MaxAddressLength} 个字。"];
        }

        string? phone = null;
        if (Optional(request.Phone) is { } phoneText)
        {
            if (ChinesePhoneNumber.TryParse(phoneText, out var parsed, out var error))
            {
                phone = parsed.Value;
            }
            else
            {
                errors["phone"] = [error];
            }
        }

        if (string.IsNullOrWhiteSpace(request.Unit))
        {
            errors["unit"] = ["请指定调解组织所属的单位（社区、街道或县）。"];
        }

        if (errors.Count > 0)
        {
            throw new ValidationFailedException(errors);
        }

        var unitCode = request.Unit!.Trim();
        var unit = await db.Units.AsNoTracking().SingleOrDefaultAsync(u => u.Code == unitCode, cancellationToken)
            ?? throw new NotFoundException($"单位 {unitCode}");
        Rules.Check(new CommitteeSitsAtItsLevel(kind, unit.Level, unit.Name));
        if (await db.Set<Committee>().AnyAsync(c => c.UnitId == unit.Id && c.Name == name, cancellationToken))
        {
            throw new ConflictException($"“{unit.Name}”已有名为“{name}”的调解组织。");
        }

        var committee = new Committee(kind, name, request.Sector, unit.Id, unit.Code, unit.Path, address, phone, clock.GetUtcNow());
        db.Add(committee);
        audit.Record(CreateAction, Target(committee), unit.Path, $"{kind.DisplayName()}：{name}");
        await db.SaveChangesAsync(cancellationToken);
        return await queries.GetAsync(committee.Id, cancellationToken);
    }

    public async Task<CommitteeMemberView> AddMemberAsync(Guid committeeId, AddCommitteeMemberRequest request, CancellationToken cancellationToken)
    {
        EnsureEditor();
        var committee = await LoadAsync(committeeId, cancellationToken);
        var errors = new Dictionary<string, string[]>();
        var name = request.Name?.Trim() ?? "";
        if (name.Length is 0 or > CommitteeMember.MaxNameLength)
        {
            errors["name"] = [$"请填写姓名（不超过 {CommitteeMember.MaxNameLength} 个字）。"];
        }

        if (request.Gender is not { } gender || !Enum.IsDefined(gender))
        {
            errors["gender"] = ["请填写性别（Male 男、Female 女）：调委会须有妇女成员。"];
            gender = default;
        }

        if (request.Role is not { } role || !Enum.IsDefined(role))
        {
            errors["role"] = ["请选择职务：Chair 主任、ViceChair 副主任、Member 委员、Mediator 调解员。"];
            role = default;
        }

        if (request.Expertise?.Any(t => !Enum.IsDefined(t)) == true)
        {
            errors["expertise"] = ["擅长领域须为纠纷类型。"];
        }

        var certificate = Optional(request.CertificateNumber);
        if (certificate is { Length: > CommitteeMember.MaxCertificateLength })
        {
            errors["certificateNumber"] = [$"证书编号不能超过 {CommitteeMember.MaxCertificateLength} 个字符。"];
        }

        var today = Today();
        if (request.CertifiedOn is { } certifiedOn && certifiedOn > today)
        {
            errors["certifiedOn"] = ["发证日期不能晚于今天。"];
        }

        Guid? userId = null;
        if (Optional(request.UserName) is { } userName)
        {
            var normalised = userName.ToUpperInvariant();
            userId = await db.Users.Where(u => u.NormalizedUserName == normalised && !u.IsDisabled).Select(u => (Guid?)u.Id).SingleOrDefaultAsync(cancellationToken);
            if (userId is null)
            {
                errors["userName"] = [$"没有名为“{userName}”的可用账号。"];
            }
        }

        if (errors.Count > 0)
        {
            throw new ValidationFailedException(errors);
        }

        var member = committee.AddMember(userId, name, gender, role, request.Expertise ?? [], certificate, request.CertifiedOn, request.From ?? today, today);
        // Added explicitly: a child with its key already set, found only through the navigation, would be taken for an update.
        db.Add(member);
        audit.Record(AddMemberAction, Target(committee), committee.UnitPath, $"{committee.Name}：{name}（{role.DisplayName()}）");
        await SaveAsync(cancellationToken);
        return CommitteeQueries.View(member, today, 0);
    }

    public async Task<CommitteeMemberView> EndMemberAsync(Guid committeeId, Guid memberId, EndCommitteeMemberRequest request, CancellationToken cancellationToken)
    {
        EnsureEditor();
        var committee = await LoadAsync(committeeId, cancellationToken);
        var today = Today();
        var member = committee.EndMember(memberId, request.To ?? today, today);
        audit.Record(EndMemberAction, Target(committee), committee.UnitPath, $"{committee.Name}：{member.Name}（{member.Role.DisplayName()}）至 {member.To:yyyy-MM-dd}");
        await SaveAsync(cancellationToken);
        return CommitteeQueries.View(member, today, 0);
    }

    public async Task<CommitteeDetail> ConstituteAsync(Guid committeeId, ConstituteCommitteeRequest request, CancellationToken cancellationToken)
    {
        EnsureEditor();
        var committee = await LoadAsync(committeeId, cancellationToken);
        var today = Today();
        var on = request.On ?? today;
        if (on > today)
        {
            throw new ValidationFailedException("on", "成立日期不能晚于今天。");
        }

        committee.Constitute(on, today);
        audit.Record(ConstituteAction, Target(committee), committee.UnitPath, $"{committee.Name}成立于 {on:yyyy-MM-dd}");
        await SaveAsync(cancellationToken);
        return await queries.GetAsync(committee.Id, cancellationToken);
    }

    public async Task<CentreWindowView> AddWindowAsync(Guid committeeId, AddCentreWindowRequest request, CancellationToken cancellationToken)
    {
        EnsureEditor();
        var committee = await LoadAsync(committeeId, cancellationToken);
        var name = request.Name?.Trim() ?? "";
        var agency = request.Agency?.Trim() ?? "";
        var errors = new Dictionary<string, string[]>();
        if (name.Length is 0 or > CentreWindow.MaxNameLength)
        {
            errors["name"] = [$"请填写窗口名称（如 信访接待窗口，不超过 {CentreWindow.MaxNameLength} 个字）。"];
        }

        if (agency.Length is 0 or > CentreWindow.MaxAgencyLength)
        {
            errors["agency"] = [$"请填写进驻部门（不超过 {CentreWindow.MaxAgencyLength} 个字）。"];
        }

        if (errors.Count > 0)
        {
            throw new ValidationFailedException(errors);
        }

        var window = committee.AddWindow(name, agency);
        db.Add(window);
        audit.Record(AddWindowAction, Target(committee), committee.UnitPath, $"{committee.Name}：{name}（{agency}）");
        await SaveAsync(cancellationToken);
        return new CentreWindowView(window.Id, window.Name, window.Agency);
    }

    internal static string Target(Committee committee) => $"mediation-committee:{committee.Id}";

    private async Task<Committee> LoadAsync(Guid id, CancellationToken cancellationToken) =>
        await db.Set<Committee>().Include(c => c.Members).Include(c => c.Windows).SingleOrDefaultAsync(c => c.Id == id, cancellationToken)
            ?? throw new NotFoundException("该调解组织");

    private async Task SaveAsync(CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new ConflictException("调解组织已被他人修改，请刷新后再操作。");
        }
    }

    private void EnsureEditor()
    {
        if (!EditorRoles.Any(actor.IsInRole))
        {
            throw new ForbiddenException("只有社区工作者、街道工作人员和管理员可以管理调解组织。");
        }
    }

    private DateOnly Today() => DateOnly.FromDateTime(ChinaTime.ToLocal(clock.GetUtcNow()).DateTime);

    private static string? Optional(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
