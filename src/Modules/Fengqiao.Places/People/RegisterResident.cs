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
        var valid = ResidentValidation.Validate(
            new ResidentFields(
                request.Name, request.Gender, request.BirthDate, request.IdentityNumber, request.Phone, request.Relation,
                request.RegisteredResidence, request.ResidenceKind, request.SpecialGroups),
            options.Value.EffectiveSpecialGroups,
            errors);
        if (request.HouseholdId is null)
        {
            errors["householdId"] = ["请指定所属的户。"];
        }

        if (valid is null || errors.Count > 0)
        {
            throw new ValidationFailedException(errors);
        }

        var household = await db.Set<Household>().SingleOrDefaultAsync(h => h.Id == request.HouseholdId, cancellationToken)
            ?? throw new NotFoundException("该户");

        var identity = valid.IdentityNumber;
        var index = protector.BlindIndex(Resident.IdentityNumberField, identity.Value);
        // Unique per installation: the other registration may lie outside the caller's jurisdiction (one entity, no join).
        if (await db.Set<Resident>().IgnoreQueryFilters().AnyAsync(r => r.IdentityNumberIndex == index, cancellationToken))
        {
            throw new ConflictException($"身份证号码 {Masking.IdentityNumber(identity.Value)} 已登记，同一人不能重复登记；如其已搬迁，请由原辖区办理迁出后再登记。");
        }

        var resident = Resident.Create(household, valid, protector, clock.GetUtcNow());
        if (resident.Relation == HouseholdRelation.Head)
        {
            household.SetHead(resident.Id);
        }

        db.Add(resident);
        audit.Record(AuditAction, $"resident:{resident.Id}", resident.UnitPath, $"{Masking.PersonName(valid.Name)}，户 {household.Room}");
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
