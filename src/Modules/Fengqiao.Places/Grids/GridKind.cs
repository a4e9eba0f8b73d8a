namespace Fengqiao.Places.Grids;

public enum GridKind
{
    /// <summary>基础网格: tiles a community with the others, without gaps or overlaps.</summary>
    Basic = 1,

    /// <summary>专属网格: covers one place of its own — a school, a market, an industrial park.</summary>
    Dedicated = 2,
}
