using Fengqiao.Kernel.Data;
using Fengqiao.Kernel.Errors;
using Fengqiao.Kernel.Privacy;
using Microsoft.EntityFrameworkCore;

namespace Fengqiao.Places.Organisations;

/// <summary>
/// Reads of organisations within the caller's jurisdiction: the DbContext's filter scopes organisations, members and
/// units alike, so another street's organisations are simply not found. Phones are decrypted only to be masked.
/// </summary>
public sealed class OrganisationQueries(FengqiaoDbContext db, PersonalDataProtector protector, TimeProvider clock)
{
    public const int DefaultPageSize = 20;
    public const int MaxPageSize = 100;

    public async Task<OrganisationPage> ListAsync(OrganisationKind? kind, string? unit, int? page, int? pageSize, CancellationToken cancellationToken)
    {
        var size = Math.Clamp(pageSize ?? DefaultPageSize, 1, MaxPageSize);
        var number = Math.Max(page ?? 1, 1);
        var organisations = db.Set<Organisation>().AsNoTracking();
        if (kind is { } k)
        {
            organisations = organisations.Where(o => o.Kind == k);
        }

        if (!string.IsNullOrWhiteSpace(unit))
        {
            var code = unit.Trim();
            var path = await db.Units.AsNoTracking().Where(u => u.Code == code).Select(u => u.Path).SingleOrDefaultAsync(cancellationToken)
                ?? throw new NotFoundException($"单位 {code}");
            organisations = organisations.Where(o => o.UnitPath.StartsWith(path));
        }

        var total = await organisations.CountAsync(cancellationToken);
        var today = Today(clock);
        var items = await organisations
            .OrderBy(o => o.UnitCode).ThenBy(o => o.Kind).ThenBy(o => o.Name)
            .Skip((number - 1) * size).Take(size)
            .Select(o => new OrganisationSummary(
                o.Id, o.Kind, o.Name, o.CreditCode, o.UnitCode,
                db.Units.Where(u => u.Id == o.UnitId).Select(u => u.Name).FirstOrDefault(),
                o.ParentId,
                db.Set<OrganisationMember>().Count(m => m.OrganisationId == o.Id && m.From <= today && (m.To == null || m.To >= today))))
            .ToListAsync(cancellationToken);
        return new OrganisationPage(items, total, number, size);
    }

    public async Task<OrganisationDetail> GetAsync(Guid id, CancellationToken cancellationToken)
    {
        var organisation = await db.Set<Organisation>().AsNoTracking().SingleOrDefaultAsync(o => o.Id == id, cancellationToken)
            ?? throw new NotFoundException("该组织");
        var members = await db.Set<OrganisationMember>().AsNoTracking().Where(m => m.OrganisationId == id).ToListAsync(cancellationToken);
        var unitName = await db.Units.AsNoTracking().Where(u => u.Id == organisation.UnitId).Select(u => u.Name).FirstOrDefaultAsync(cancellationToken);
        var parentName = organisation.ParentId is { } parentId
            ? await db.Set<Organisation>().AsNoTracking().Where(o => o.Id == parentId).Select(o => o.Name).FirstOrDefaultAsync(cancellationToken)
            : null;
        var today = Today(clock);
        var views = members
            .OrderByDescending(m => m.IsCurrent(today)).ThenBy(m => m.IsContact).ThenBy(m => m.From).ThenBy(m => m.Name, StringComparer.Ordinal)
            .Select(m => View(m, protector, today))
            .ToList();
        return new OrganisationDetail(
            organisation.Id, organisation.Kind, organisation.Name, organisation.CreditCode, organisation.UnitCode, unitName,
            organisation.ParentId, parentName, organisation.Address, organisation.Longitude, organisation.Latitude, views);
    }

    /// <summary>The party organisations of a unit and of the units below it, as a forest by rank.</summary>
    public async Task<IReadOnlyList<PartyTreeNode>> PartyTreeAsync(string? unit, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(unit))
        {
            throw new ValidationFailedException("unit", "请指定单位（社区或街道的代码）。");
        }

        var code = unit.Trim();
        var path = await db.Units.AsNoTracking().Where(u => u.Code == code).Select(u => u.Path).SingleOrDefaultAsync(cancellationToken)
            ?? throw new NotFoundException($"单位 {code}");
        var today = Today(clock);
        var party = await db.Set<Organisation>().AsNoTracking()
            .Where(o => o.UnitPath.StartsWith(path) && o.Kind >= OrganisationKind.PartyCommittee && o.Kind <= OrganisationKind.PartyGroup)
            .Select(o => new
            {
                o.Id, o.Kind, o.Name, o.UnitCode, o.ParentId,
                Members = db.Set<OrganisationMember>().Count(m => m.OrganisationId == o.Id && m.From <= today && (m.To == null || m.To >= today)),
            })
            .ToListAsync(cancellationToken);
        var ids = party.Select(p => p.Id).ToHashSet();
        var byParent = party.Where(p => p.ParentId is { } parent && ids.Contains(parent)).ToLookup(p => p.ParentId!.Value);

        IReadOnlyList<PartyTreeNode> Children(IEnumerable<Guid> of) =>
            [.. of.SelectMany(id => byParent[id]).OrderBy(p => p.Kind).ThenBy(p => p.Name, StringComparer.Ordinal)
                .Select(p => new PartyTreeNode(p.Id, p.Kind, p.Name, p.UnitCode, p.Members, Children([p.Id])))];

        return [.. party.Where(p => p.ParentId is not { } parent || !ids.Contains(parent))
            .OrderBy(p => p.Kind).ThenBy(p => p.Name, StringComparer.Ordinal)
            .Select(p => new PartyTreeNode(p.Id, p.Kind, p.Name, p.UnitCode, p.Members, Children([p.Id])))];
    }

    internal static DateOnly Today(TimeProvider clock) => DateOnly.FromDateTime(clock.GetLocalNow().DateTime);

    internal static MemberView View(OrganisationMember member, PersonalDataProtector protector, DateOnly today) =>
        new(member.Id, member.Name, member.ResidentId, member.Role, member.IsContact, MaskedPhone(member, protector), member.From, member.To, member.IsCurrent(today));

    private static string? MaskedPhone(OrganisationMember member, PersonalDataProtector protector)
    {
        if (member.PhoneCipher is null)
        {
            return null;
        }

        try
        {
            return Masking.Phone(protector.Decrypt(OrganisationMember.PhoneField, member.PhoneCipher));
        }
        catch (PersonalDataCryptoException)
        {
            return "***********";
        }
    }
}
