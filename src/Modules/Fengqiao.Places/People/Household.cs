using Fengqiao.Kernel.Access;
using Fengqiao.Kernel.Errors;

namespace Fengqiao.Places.People;

/// <summary>户: a dwelling in a building (单元-室) and the people registered in it, one of whom is the head (户主).</summary>
public sealed class Household : IJurisdictional
{
    private Household()
    {
        UnitPath = Room = "";
    }

    public Household(Building building, string? room, DateTimeOffset createdAt)
    {
        var text = (room ?? "").Trim();
        if (text.Length is 0 or > 30)
        {
            throw new ValidationFailedException("room", "请填写单元-室（如 2-501，1 到 30 字）。");
        }

        Id = Guid.CreateVersion7();
        BuildingId = building.Id;
        UnitPath = building.UnitPath;
        Room = text;
        CreatedAt = createdAt;
    }

    public Guid Id { get; private set; }

    public Guid BuildingId { get; private set; }

    public string UnitPath { get; private set; }

    /// <summary>单元-室, e.g. 2-501.</summary>
    public string Room { get; private set; }

    /// <summary>The resident who is 户主, once registered.</summary>
    public Guid? HeadResidentId { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public void SetHead(Guid residentId)
    {
        if (HeadResidentId is not null && HeadResidentId != residentId)
        {
            throw new ConflictException("该户已登记户主；一户只能有一位户主。");
        }

        HeadResidentId = residentId;
    }
}
