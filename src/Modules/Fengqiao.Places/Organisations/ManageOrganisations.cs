using Fengqiao.Kernel.Access;
using Fengqiao.Kernel.Audit;
using Fengqiao.Kernel.Data;
using Fengqiao.Kernel.Errors;
using Fengqiao.Kernel.Identity;
using Fengqiao.Kernel.Privacy;
using Fengqiao.Kernel.Units;
using Microsoft.EntityFrameworkCore;

namespace Fengqiao.Places.Organisations;

/// <summary>
/// 登记组织和成员: community workers, street officers and administrators register organisations of units within
/// their jurisdiction and who serves in them. Every change is audited with the unit it belongs to.
/// </summary>
public sealed class ManageOrganisations(FengqiaoDbContext db, ICurrentActor actor, IAuditTrail audit, PersonalDataProtector protector, TimeProvider clock)
{
    public const string CreateAction = "organisations.create";
    public const string AddMemberAction = "organisations.add-member";
    public const string EndMemberAction = "organisations.end-member";

    /// <summary>Who may register organisations and their members.</summary>
    public static IReadOnlyList<string> EditorRoles { get; } = [Roles.CommunityWorker, Roles.StreetOfficer, Roles.Administrator];

    public async Task<OrganisationDetail> CreateAsync(CreateOrganisationRequest request, CancellationToken cancellationToken)
    {
        EnsureEditor();
        var errors = new Dictionary<string, string[]>();
        var name = request.Name?.Trim() ?? "";
        if (name.Length == 0)
        {
            errors["name"] = ["请填写组织名称。"];
        }
        else if (name.Length > Organisation.MaxNameLength)
        {
            errors["name"] = [$"组织名称不能超过 {Organisation.MaxNameLength} 个字。"];
        }

        if (request.Kind is not { } kind || !Enum.IsDefined(kind))
        {
            errors["kind"] = ["请选择组织类别。"];
            kind = default;
        }

        string? creditCode = null;
        if (!string.IsNullOrWhiteSpace(request.CreditCode))
        {
            if (UnifiedSocialCreditCode.TryNormalise(request.CreditCode, out var code, out var error))
            {
                creditCode = code;
            }
            else
            {
                errors["creditCode"] = [error];
            }
        }
        else if (kind.RequiresCreditCode())
        {
            errors["creditCode"] = [$"{kind.DisplayName()}须填写统一社会信用代码。"];
        }

        var address = string.IsNullOrWhiteSpace(request.Address) ? null : request.Address.Trim();
        if (address is { Length: > Organisation.MaxAddressLength })
        {
            errors["address"] = [$"地址不能超过 {Organisation.MaxAddressLength} 个字。"];
        }

        if (string.IsNullOrWhiteSpace(request.Unit))
        {
            errors["unit"] = ["请指定组织所属的社区或街道。"];
        }

        if (errors.Count > 0)
        {
            throw new ValidationFailedException(errors);
        }

        var unitCode = request.Unit!.Trim();
        var unit = await db.Units.AsNoTracking().SingleOrDefaultAsync(u => u.Code == unitCode, cancellationToken)
            ?? throw new NotFoundException($"单位 {unitCode}");
        if (unit.Level is not (UnitLevel.Community or UnitLevel.Street))
        {
            throw new ValidationFailedException("unit", $"组织只能属于社区或街道，“{unit.Name}”不是。");
        }

        Organisation? parent = null;
        if (request.ParentId is { } parentId)
        {
            parent = await db.Set<Organisation>().AsNoTracking().SingleOrDefaultAsync(o => o.Id == parentId, cancellationToken)
                ?? throw new NotFoundException("上级组织");
            if (!unit.Path.StartsWith(parent.UnitPath, StringComparison.Ordinal))
            {
                throw new ValidationFailedException("parentId", $"上级组织“{parent.Name}”必须属于本单位或其上级单位。");
            }
        }

        if (kind.RoleSlot() is { } slot)
        {
            var existing = await HolderOfSlotAsync(unit.Id, slot, cancellationToken);
            Rules.Check(new OneCommitteeAndOneWorkstationPerCommunity(kind, unit.Level == UnitLevel.Community, existing));
        }

        if (await db.Set<Organisation>().AnyAsync(o => o.UnitId == unit.Id && o.Name == name, cancellationToken))
        {
            throw new ConflictException($"“{unit.Name}”已有名为“{name}”的组织。");
        }

        // Credit codes are public registrations, so uniqueness is checked across all jurisdictions (this query reads organisations only).
        if (creditCode is not null && await db.Set<Organisation>().IgnoreQueryFilters().AnyAsync(o => o.CreditCode == creditCode, cancellationToken))
        {
            throw new ConflictException($"统一社会信用代码 {creditCode} 已登记过。");
        }

        var organisation = new Organisation(
            kind, name, creditCode, unit.Id, unit.Code, unit.Path, parent, address, request.Longitude, request.Latitude, clock.GetUtcNow());
        db.Add(organisation);
        audit.Record(CreateAction, $"organisation:{organisation.Id}", unit.Path, $"{kind.DisplayName()}：{name}");
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException exception) when (organisation.RoleSlot is { } taken && db.IsUniqueViolation<Organisation>(exception, nameof(Organisation.UnitId), nameof(Organisation.RoleSlot)))
        {
            // Another request registered the committee (workstation) between the check above and this commit.
            db.ChangeTracker.Clear();
            var holder = await HolderOfSlotAsync(unit.Id, taken, CancellationToken.None) ?? "另一请求刚登记的组织";
            throw new BusinessRuleViolationException(new OneCommitteeAndOneWorkstationPerCommunity(kind, unitIsCommunity: true, holder));
        }

        return new OrganisationDetail(
            organisation.Id, organisation.Kind, organisation.Name, organisation.CreditCode, organisation.UnitCode, unit.Name,
            organisation.ParentId, parent?.Name, organisation.Address, organisation.Longitude, organisation.Latitude, []);
    }

    public async Task<MemberView> AddMemberAsync(Guid organisationId, AddMemberRequest request, CancellationToken cancellationToken)
    {
        EnsureEditor();
        var organisation = await db.Set<Organisation>().AsNoTracking().SingleOrDefaultAsync(o => o.Id == organisationId, cancellationToken)
            ?? throw new NotFoundException("该组织");
        var errors = new Dictionary<string, string[]>();
        var name = request.Name?.Trim() ?? "";
        if (name.Length is 0 or > 50)
        {
            errors["name"] = ["请填写成员姓名（不超过 50 个字）。"];
        }

        var role = request.Role?.Trim() ?? "";
        if (role.Length is 0 or > OrganisationMember.MaxRoleLength)
        {
            errors["role"] = [$"请填写职务（如 书记、委员、主任、成员、联系人，不超过 {OrganisationMember.MaxRoleLength} 个字）。"];
        }

        ChinesePhoneNumber? phone = null;
        if (!string.IsNullOrWhiteSpace(request.Phone))
        {
            if (ChinesePhoneNumber.TryParse(request.Phone, out var parsed, out var error))
            {
                phone = parsed;
            }
            else
            {
                errors["phone"] = [error];
            }
        }

        var today = OrganisationQueries.Today(clock);
        var from = request.From ?? today;
        if (request.To is { } to && to < from)
        {
            errors["to"] = ["结束日期不能早于开始日期。"];
        }

        if (errors.Count > 0)
        {
            throw new ValidationFailedException(errors);
        }

        var member = new OrganisationMember(
            organisation.Id, organisation.UnitPath, name, request.ResidentId, role, request.IsContact ?? role == "联系人",
            phone is null ? null : protector.Encrypt(OrganisationMember.PhoneField, phone.Value),
            phone is null ? null : protector.BlindIndex(OrganisationMember.PhoneField, phone.Value),
            from, request.To);
        db.Add(member);
        audit.Record(AddMemberAction, $"organisation:{organisation.Id}", organisation.UnitPath, $"{organisation.Name}：{Masking.PersonName(name)}（{role}）");
        await db.SaveChangesAsync(cancellationToken);
        return OrganisationQueries.View(member, protector, today);
    }

    public async Task<MemberView> EndMemberAsync(Guid organisationId, Guid memberId, EndMemberRequest request, CancellationToken cancellationToken)
    {
        EnsureEditor();
        var member = await db.Set<OrganisationMember>().SingleOrDefaultAsync(m => m.Id == memberId && m.OrganisationId == organisationId, cancellationToken)
            ?? throw new NotFoundException("该成员");
        var today = OrganisationQueries.Today(clock);
        member.End(request.To ?? today);
        audit.Record(EndMemberAction, $"organisation:{organisationId}", member.UnitPath, $"{Masking.PersonName(member.Name)}（{member.Role}）至 {member.To:yyyy-MM-dd}");
        await db.SaveChangesAsync(cancellationToken);
        return OrganisationQueries.View(member, protector, today);
    }

    /// <summary>The name of the unit's organisation in the slot, if any (the unit is within the caller's jurisdiction).</summary>
    private Task<string?> HolderOfSlotAsync(Guid unitId, OrganisationRoleSlot slot, CancellationToken cancellationToken) =>
        db.Set<Organisation>().AsNoTracking()
            .Where(o => o.UnitId == unitId && o.RoleSlot == slot).Select(o => o.Name).FirstOrDefaultAsync(cancellationToken);

    private void EnsureEditor()
    {
        if (!EditorRoles.Any(actor.IsInRole))
        {
            throw new ForbiddenException("只有社区工作者、街道工作人员和管理员可以登记组织和成员。");
        }
    }
}
