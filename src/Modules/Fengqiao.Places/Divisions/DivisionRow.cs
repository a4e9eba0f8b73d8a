using Fengqiao.Kernel.Units;

namespace Fengqiao.Places.Divisions;

/// <summary>One division as the national code tables (统计用区划代码) list it.</summary>
public sealed record DivisionRow(string Code, string Name, UnitLevel Level, string? ParentCode);
