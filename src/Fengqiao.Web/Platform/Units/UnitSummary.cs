using Fengqiao.Kernel.Units;

namespace Fengqiao.Web.Platform.Units;

/// <summary>A unit as lists show it, with how many units sit directly below it.</summary>
public sealed record UnitSummary(string Code, string Name, UnitLevel Level, string? ParentCode, int ChildCount, bool IsRetired);
