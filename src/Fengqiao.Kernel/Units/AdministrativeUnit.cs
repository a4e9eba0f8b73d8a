using Fengqiao.Kernel.Access;
using Fengqiao.Kernel.Errors;

namespace Fengqiao.Kernel.Units;

/// <summary>
/// A node of the administrative tree (省 → 市 → 区县 → 街道 → 社区/村 → 网格), keyed by its official code.
/// Its materialised <see cref="Path"/> of codes is what jurisdiction scopes are matched against.
/// </summary>
public sealed class AdministrativeUnit : IJurisdictional
{
    public const int MaxNoticeLength = 500;

    private AdministrativeUnit()
    {
        Code = Name = Path = "";
    }

    public AdministrativeUnit(string code, string name, UnitLevel level, AdministrativeUnit? parent)
    {
        Rules.Check(new UnitCodeMustBeDigits(code));
        Id = Guid.CreateVersion7();
        Code = code;
        Name = name;
        Level = level;
        ParentId = parent?.Id;
        Path = (parent?.Path ?? "/") + code + "/";
    }

    public Guid Id { get; private set; }

    /// <summary>统计用区划代码 (12 digits for communities) or a grid code (community code + sequence).</summary>
    public string Code { get; private set; }

    public string Name { get; private set; }

    public UnitLevel Level { get; private set; }

    public Guid? ParentId { get; private set; }

    /// <summary>"/32/3202/320282/320282001/": the codes from the root down, each followed by a slash.</summary>
    public string Path { get; private set; }

    /// <summary>Retired units keep their history but no longer take new records.</summary>
    public bool IsRetired { get; private set; }

    /// <summary>值班电话: the public duty phone residents call; not personal data.</summary>
    public string? DutyPhone { get; private set; }

    /// <summary>服务时间, e.g. "工作日 8:30-17:30".</summary>
    public string? ServiceHours { get; private set; }

    /// <summary>公示栏: a short public notice (e.g. the grid worker's promise card, 网格公示牌).</summary>
    public string? PublicNotice { get; private set; }

    public long Version { get; private set; }

    string IJurisdictional.UnitPath => Path;

    public void Rename(string name) => Name = name;

    /// <summary>撤销: the unit no longer exists in the official tables; its records and history stay.</summary>
    public void Retire() => IsRetired = true;

    /// <summary>The unit reappeared in the official tables.</summary>
    public void Reactivate() => IsRetired = false;

    /// <summary>Updates what the unit shows the public: duty phone, service hours, notice.</summary>
    public void UpdatePublicCard(string? dutyPhone, string? serviceHours, string? notice)
    {
        Rules.Check(new DutyPhoneMustBeDialable(dutyPhone));
        Rules.Check(new PublicNoticeMustFitOnASign(notice));
        Rules.Check(new ServiceHoursMustBeShort(serviceHours));
        DutyPhone = Normalise(dutyPhone);
        ServiceHours = Normalise(serviceHours);
        PublicNotice = Normalise(notice);
        Version++;
    }

    private static string? Normalise(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
