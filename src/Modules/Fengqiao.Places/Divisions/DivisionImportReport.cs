using Fengqiao.Kernel.Units;

namespace Fengqiao.Places.Divisions;

/// <summary>What an import did, per level: added, updated (renamed or reactivated), retired, unchanged.</summary>
public sealed class DivisionImportReport
{
    private readonly Dictionary<UnitLevel, LevelCounts> _levels = [];

    public IReadOnlyDictionary<UnitLevel, LevelCounts> Levels => _levels;

    public LevelCounts this[UnitLevel level] => _levels.TryGetValue(level, out var counts) ? counts : _levels[level] = new LevelCounts();

    public int Total(Func<LevelCounts, int> pick) => _levels.Values.Sum(pick);

    public override string ToString() =>
        string.Join(Environment.NewLine, _levels.OrderBy(p => p.Key).Select(p => $"{p.Key}: 新增 {p.Value.Added}，更新 {p.Value.Updated}，撤销 {p.Value.Retired}，未变 {p.Value.Unchanged}"));
}

public sealed class LevelCounts
{
    public int Added { get; set; }

    public int Updated { get; set; }

    public int Retired { get; set; }

    public int Unchanged { get; set; }
}
