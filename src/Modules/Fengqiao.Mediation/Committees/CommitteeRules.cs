using Fengqiao.Kernel.Errors;

namespace Fengqiao.Mediation.Committees;

/// <summary>《人民调解法》第九条：人民调解委员会由委员三至九人组成（主任、副主任计入）。</summary>
public sealed class CommitteeHasThreeToNineMembers(int seats, bool constituting) : IBusinessRule
{
    public const int Minimum = 3;
    public const int Maximum = 9;

    public string Message => constituting
        ? $"《人民调解法》第九条：人民调解委员会由委员三至九人组成，现有委员 {seats} 人，不能成立。"
        : $"《人民调解法》第九条：人民调解委员会由委员三至九人组成，此项变更后将有委员 {seats} 人。";

    public bool IsBroken() => seats is < Minimum or > Maximum;
}

/// <summary>《人民调解法》第九条：人民调解委员会应当有妇女成员。</summary>
public sealed class CommitteeIncludesAWoman(int women, bool constituting) : IBusinessRule
{
    public string Message => constituting
        ? "《人民调解法》第九条：人民调解委员会应当有妇女成员，现有委员中没有女性，不能成立。"
        : "《人民调解法》第九条：人民调解委员会应当有妇女成员，此项变更后委员中将没有女性。";

    public bool IsBroken() => women < 1;
}

/// <summary>《人民调解法》第九条：人民调解委员会设主任一人。</summary>
public sealed class CommitteeHasOneChair(int chairs, bool constituting) : IBusinessRule
{
    public string Message => constituting && chairs == 0
        ? "《人民调解法》第九条：人民调解委员会设主任一人，现在没有主任，不能成立。"
        : $"《人民调解法》第九条：人民调解委员会设主任一人，不能有 {chairs} 名主任。";

    public bool IsBroken() => constituting ? chairs != 1 : chairs > 1;
}

/// <summary>窗口只设在县级矛调中心：各部门进驻中心，群众“最多跑一地”。</summary>
public sealed class WindowsBelongToTheCountyCentre(CommitteeKind kind) : IBusinessRule
{
    public string Message => $"只有县级矛盾纠纷调处化解中心设窗口，{kind.DisplayName()}不设。";

    public bool IsBroken() => kind != CommitteeKind.CountyCentre;
}

/// <summary>调解组织只能设在与其类别相应的单位：村（居）调委会在社区（村），乡镇（街道）调委会在街道（乡镇），矛调中心在县。</summary>
public sealed class CommitteeSitsAtItsLevel(CommitteeKind kind, Kernel.Units.UnitLevel level, string unitName) : IBusinessRule
{
    public string Message =>
        $"{kind.DisplayName()}应设在{string.Join("或", kind.AllowedLevels().Select(CommitteeKinds.LevelName))}，“{unitName}”是{CommitteeKinds.LevelName(level)}。";

    public bool IsBroken() => !kind.AllowedLevels().Contains(level);
}
