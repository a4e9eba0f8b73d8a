namespace Fengqiao.Kernel.Units;

/// <summary>Tiers of the administrative tree, top to bottom; the Fengqiao engine escalates upward along them.</summary>
public enum UnitLevel
{
    /// <summary>省</summary>
    Province = 1,

    /// <summary>市</summary>
    City = 2,

    /// <summary>区/县</summary>
    County = 3,

    /// <summary>街道/乡镇</summary>
    Street = 4,

    /// <summary>社区/村</summary>
    Community = 5,

    /// <summary>网格</summary>
    Grid = 6,
}
