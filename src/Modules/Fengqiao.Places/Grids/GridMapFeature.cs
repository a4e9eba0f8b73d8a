namespace Fengqiao.Places.Grids;

/// <summary>What the map shows for one grid besides its boundary.</summary>
public sealed record GridMapFeature(string Code, string Name, string CommunityCode, string CommunityName, string Kind, IReadOnlyList<string> Workers);
