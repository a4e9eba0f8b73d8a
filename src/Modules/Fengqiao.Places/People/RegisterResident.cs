using Fengqiao.Kernel.Access;
using Fengqiao.Kernel.Audit;
using Fengqiao.Kernel.Data;
using Fengqiao.Kernel.Errors;
using Fengqiao.Kernel.Privacy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Fengqiao.Places.People;

/// <summary>
/// 登记实有人口: every field is checked and every problem reported at once; nothing is written unless all is well. The
/// identity number is unique across the installation (by its blind index), whoever's jurisdiction holds the other
/// registration; the 409 does not say where that is.
/// </summary>
public sealed class RegisterResident(FengqiaoDbContext db, ICurrentActor actor, IAuditTrail audit, PersonalDataProtector protector, IOptions<PlacesOptions> options, TimeProvider clock)
{
    public const string AuditAction = "places.residents.register";

    public async Task<ResidentView> HandleAsync(RegisterResidentRequest request, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        var name = (request.Name ?? "").Trim();
        if (name.Length is < 2 or > 50 || name.Any(char.IsDigit))
        {
            errors["name"] = ["请填写姓名（2 到 50 字，不含数字）。"];
        }

        if (!ChineseIdentityNumber.TryParse(request.IdentityNumber, out var identity, out var identityError))
        {
            errors[ChineseIdentityNumber.Field] = [identityError];
        }
        else
        {
            if (request.Gender is { } gender && gender != identity.Gender)
            {
                errors["gender"] = ["性别与身份证号码不符（第 17 位奇数为男，偶数为女）。"];
            }

            if (request.BirthDate is { } birth && birth != identity.BirthDate)
            {
                errors["birthDate"] = [$"出生日期与身份证号码不符（号码中为 {identity.BirthDate:yyyy-MM-dd}）。"];
            }
        }

        ChinesePhoneNumber? phone = null;
        if (!string.IsNullOrWhiteSpace(request.Phone) && !ChinesePhoneNumber.TryParse(request.Phone, out phone, out var phoneError))
        {
            errors[ChinesePhoneNumber.Field] = [phoneError];
        }

        var relation = PeopleText.Relation(request.Relation, errors);
        var kind = PeopleText.Kind(request.ResidenceKind ?? "户籍人口", errors);
        var tags = PeopleText.Tags(request.SpecialGroups, options.Value.EffectiveSpecialGroups, errors);
        var registeredResidence = string.IsNullOrWhiteSpace(request.RegisteredResidence) ? null : request.RegisteredResidence.Trim();
        if (registeredResidence is { Length: > 100 })
        {
            errors["registeredResidence"] = ["户籍地不能超过 100 字。"];
        }

        if (request.HouseholdId is null)
        {
            errors["householdId"] = ["请指定所属的户。"];
        }

        if (errors.Count > 0)
        {
            throw new ValidationFailedException(errors);
        }

        var household = await db.Set<Household>().SingleOrDefaultAsync(h => h.Id == request.HouseholdId, cancellationToken)
            ?? throw new NotFoundException("该户");

        var index = protector.BlindIndex(Resident.IdentityNumberField, identity!.Value);
        // Unique per installation: the other registration may lie outside the caller's jurisdiction (one entity, no join).
        if (await db.Set<Resident>().IgnoreQueryFilters().AnyAsync(r => r.IdentityNumberIndex == index, cancellationToken))
        {
            throw new ConflictException($"身份证号码 {Masking.IdentityNumber(identity.Value)} 已登记，同一人不能重复登记；如其已搬迁，请由原辖区办理迁出后再登记。");
        }

        var resident = new Resident(
            household, name, identity.Gender, identity.BirthDate, identity, phone, relation!.Value, registeredResidence, kind!.Value, tags, protector, clock.GetUtcNow());
        if (resident.Relation == HouseholdRelation.Head)
        {
            household.SetHead(resident.Id);
        }

        db.Add(resident);
        audit.Record(AuditAction, $"resident:{resident.Id}", resident.UnitPath, $"{Masking.PersonName(name)}，户 {household.Room}");
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Registered by someone else between the check and the commit: the unique index refused it.
            db.ChangeTracker.Clear();
            if (await db.Set<Resident>().IgnoreQueryFilters().AsNoTracking().AnyAsync(r => r.IdentityNumberIndex == index, CancellationToken.None))
            {
                throw new ConflictException($"身份证号码 {Masking.IdentityNumber(identity.Value)} 已登记，同一人不能重复登记。");
            }

            throw;
        }

        return ResidentQueries.View(resident, PeopleRoles.MaySeeTags(actor));
    }
}
