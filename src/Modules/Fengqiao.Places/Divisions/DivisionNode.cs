using Fengqiao.Kernel.Units;

namespace Fengqiao.Places.Divisions;

/// <summary>
/// A unit in the division tree with how many units of each lower level lie beneath it (within jurisdiction).
/// Ancestors above the caller's jurisdiction are named for orientation with <see cref="IsReachable"/> false.
/// </summary>
public sealed record DivisionNode(
    string Code, string Name, UnitLevel Level, bool IsRetired, int Streets, int Communities, int Grids, int Children, bool IsReachable = true);
