namespace Fengqiao.Places.Divisions;

/// <summary>One level of the division tree: the unit, the path above it, and its children with their counts.</summary>
public sealed record DivisionTreeView(DivisionNode Unit, IReadOnlyList<DivisionNode> Path, IReadOnlyList<DivisionNode> Children);
