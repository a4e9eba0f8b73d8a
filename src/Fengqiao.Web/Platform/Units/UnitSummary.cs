using Fengqiao.Kernel.Units;

namespace Fengqiao.Web.Platform.Units;

/// <summary>
/// A unit as lists show it, with how many units sit directly below it. <see cref="IsReachable"/> is false for
/// ancestors above the caller's jurisdiction, which are named for orientation but cannot be opened.
/// </summary>
public sealed record UnitSummary(string Code, string Name, UnitLevel Level, string? ParentCode, int ChildCount, bool IsRetired, bool IsReachable = true);
