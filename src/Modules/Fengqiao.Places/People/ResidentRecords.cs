using Fengqiao.Kernel.Access;
using Fengqiao.Kernel.Audit;
using Fengqiao.Kernel.Data;
using Fengqiao.Kernel.Errors;
using Fengqiao.Kernel.Identity;
using Fengqiao.Kernel.Privacy;
using Fengqiao.Places.Contracts;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Fengqiao.Places.People;

/// <summary>
/// Changes to a resident and the PIPL rights around their data: audited reveal, export and erasure. A resident outside
/// the caller's jurisdiction is "not found" for every one of them.
/// </summary>
public sealed class ResidentRecords(
    FengqiaoDbContext db,
    ICurrentActor actor,
    IAuditTrail audit,
    PersonalDataProtector protector,
    PersonalDataAccess access,
    IEnumerable<IPersonalDataHold> holds,
    IOptions<PlacesOptions> options,
    TimeProvider clock)
{
    public const string UpdateAction = "places.residents.update";
    public const string LinkAccountAction = "places.residents.link-account";
    public const string ExportAction = "personal-data.export";
    public const string EraseAction = "personal-data.erase";

    public async Task<ResidentView> UpdateAsync(Guid id, UpdateResidentRequest request, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        ChinesePhoneNumber? phone = null;
        if (!string.IsNullOrWhiteSpace(request.Phone) && !ChinesePhoneNumber.TryParse(request.Phone, out phone, out var phoneError))
        {
            errors[ChinesePhoneNumber.Field] = [phoneError];
        }

        var kind = request.ResidenceKind is null ? null : PeopleText.Kind(request.ResidenceKind, errors);
        var tags = request.SpecialGroups is null ? null : PeopleText.Tags(request.SpecialGroups, options.Value.EffectiveSpecialGroups, errors);
        if (request.RegisteredResidence is { Length: > 100 })
        {
            errors["registeredResidence"] = ["户籍地不能超过 100 字。"];
        }

        var resident = await FindAsync(id, cancellationToken);
        if (errors.Count > 0)
        {
            throw new ValidationFailedException(errors);
        }

        if (resident.IsErased)
        {
            throw new ConflictException("该居民的个人信息已删除，不能再修改。");
        }

        var changed = new List<string>();
        if (request.Phone is not null)
        {
            changed.Add("电话");
        }

        if (kind is not null)
        {
            changed.Add("人口类型");
        }

        if (request.RegisteredResidence is not null)
        {
            changed.Add("户籍地");
        }

        if (tags is not null)
        {
            changed.Add("特殊人群标签");
        }

        resident.Update(phone, request.Phone is not null, kind, request.RegisteredResidence?.Trim(), tags, protector);
        audit.Record(UpdateAction, Target(resident), resident.UnitPath, $"修改：{string.Join("、", changed)}");
        await db.SaveChangesAsync(cancellationToken);
        return ResidentQueries.View(resident, PeopleRoles.MaySeeTags(actor));
    }

    /// <summary>Links the resident to their own account (userName null: unlinks), so they can see what is held about them.</summary>
    public async Task LinkAccountAsync(Guid id, LinkAccountRequest request, CancellationToken cancellationToken)
    {
        var resident = await FindAsync(id, cancellationToken);
        Guid? userId = null;
        if (!string.IsNullOrWhiteSpace(request.UserName))
        {
            var userName = request.UserName.Trim();
            userId = await db.Users.Where(u => u.UserName == userName).Select(u => (Guid?)u.Id).SingleOrDefaultAsync(cancellationToken)
                ?? throw new ValidationFailedException("userName", $"账号“{userName}”不存在。");
            var linked = userId;
            if (await db.Set<Resident>().IgnoreQueryFilters().AnyAsync(r => r.UserId == linked && r.Id != id, cancellationToken))
            {
                throw new ConflictException($"账号“{userName}”已关联到另一位居民。");
            }
        }

        resident.LinkAccount(userId);
        audit.Record(LinkAccountAction, Target(resident), resident.UnitPath, userId is null ? "解除关联" : $"关联账号 {request.UserName!.Trim()}");
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>The full identity number or phone, through the kernel's audited reveal (role, jurisdiction, purpose).</summary>
    public async Task<RevealedValue> RevealAsync(Guid id, RevealRequest request, CancellationToken cancellationToken)
    {
        var resident = await db.Set<Resident>().AsNoTracking().SingleOrDefaultAsync(r => r.Id == id, cancellationToken)
            ?? throw new NotFoundException("该居民");
        var (field, ciphertext, label) = (request.Field ?? "").Trim() switch
        {
            "identityNumber" => (Resident.IdentityNumberField, resident.IdentityNumber, "身份证号码"),
            "phone" => (Resident.PhoneField, resident.Phone, "电话"),
            var other => throw new ValidationFailedException("field", $"无法查看“{other}”：field 应为 identityNumber 或 phone。"),
        };
        if (ciphertext is null)
        {
            throw new NotFoundException($"该居民的{label}");
        }

        var value = await access.RevealAsync(new PersonalDataItem("resident", id.ToString(), field, resident.UnitPath), ciphertext, request.Purpose, PeopleRoles.Reveal, cancellationToken);
        return new RevealedValue(id, request.Field!.Trim(), value);
    }

    /// <summary>Administrator: everything held about the resident, unmasked and audited.</summary>
    public async Task<ResidentPersonalData> ExportAsync(Guid id, CancellationToken cancellationToken)
    {
        RequireAdministrator("导出居民的个人信息");
        var resident = await FindAsync(id, cancellationToken);
        var data = await ReadAllAsync(db, protector, resident, ignoreFilters: false, cancellationToken);
        audit.Record(ExportAction, Target(resident), resident.UnitPath, "管理员导出全部个人信息");
        await db.SaveChangesAsync(cancellationToken);
        return data;
    }

    /// <summary>Administrator: erases the personal fields unless another module still needs them (409 with the reason).</summary>
    public async Task EraseAsync(Guid id, CancellationToken cancellationToken)
    {
        RequireAdministrator("删除居民的个人信息");
        var resident = await FindAsync(id, cancellationToken);
        if (resident.IsErased)
        {
            throw new ConflictException("该居民的个人信息已经删除。");
        }

        var reasons = new List<string>();
        foreach (var hold in holds)
        {
            if (await hold.ReasonToKeepAsync(id, cancellationToken) is { Length: > 0 } reason)
            {
                reasons.Add(reason);
            }
        }

        if (reasons.Count > 0)
        {
            throw new ConflictException($"暂不能删除该居民的个人信息：{string.Join("；", reasons)}。");
        }

        resident.Erase(clock.GetUtcNow());
        audit.Record(EraseAction, Target(resident), resident.UnitPath, "删除个人信息（姓名、证件号码、电话、户籍地、特殊人群标签）");
        await db.SaveChangesAsync(cancellationToken);
    }

    internal static string Target(Resident resident) => $"resident:{resident.Id}";

    /// <summary>Decrypts what is held; each lookup reads one entity set only, so lifting the filter never lifts it for another.</summary>
    internal static async Task<ResidentPersonalData> ReadAllAsync(FengqiaoDbContext db, PersonalDataProtector protector, Resident resident, bool ignoreFilters, CancellationToken cancellationToken)
    {
        var households = ignoreFilters ? db.Set<Household>().IgnoreQueryFilters() : db.Set<Household>();
        var buildings = ignoreFilters ? db.Set<Building>().IgnoreQueryFilters() : db.Set<Building>();
        var household = await households.AsNoTracking().SingleAsync(h => h.Id == resident.HouseholdId, cancellationToken);
        var building = await buildings.AsNoTracking().SingleAsync(b => b.Id == household.BuildingId, cancellationToken);
        return new ResidentPersonalData(
            resident.Id,
            resident.Name,
            resident.Gender,
            resident.BirthDate,
            resident.IdentityNumber is null ? null : protector.Decrypt(Resident.IdentityNumberField, resident.IdentityNumber),
            resident.Phone is null ? null : protector.Decrypt(Resident.PhoneField, resident.Phone),
            resident.Relation,
            resident.RegisteredResidence,
            resident.ResidenceKind,
            resident.Tags,
            $"{building.Address}{household.Room}室",
            building.GridCode,
            resident.CreatedAt,
            resident.IsErased);
    }

    private async Task<Resident> FindAsync(Guid id, CancellationToken cancellationToken) =>
        await db.Set<Resident>().SingleOrDefaultAsync(r => r.Id == id, cancellationToken) ?? throw new NotFoundException("该居民");

    private void RequireAdministrator(string what)
    {
        if (!actor.IsInRole(Roles.Administrator))
        {
            throw new ForbiddenException($"只有系统管理员可以{what}。");
        }
    }
}
