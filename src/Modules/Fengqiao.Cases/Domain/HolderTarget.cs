using Fengqiao.Kernel.Units;

namespace Fengqiao.Cases.Domain;

/// <summary>Who should hold a case: the unit at a tier (its grid, community, street or county) and optionally a department.</summary>
public sealed record HolderTarget(UnitLevel Level, string UnitCode, string? DepartmentCode);
