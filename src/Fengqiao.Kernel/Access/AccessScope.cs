namespace Fengqiao.Kernel.Access;

/// <summary>
/// What a caller may reach: the subtrees under their units, plus for department handlers the department's
/// assignments within the units it serves. Computed once per request or circuit.
/// </summary>
public sealed class AccessScope
{
    private AccessScope(bool unrestricted, IReadOnlyList<string> unitPaths, IReadOnlyList<string> departmentKeys)
    {
        Unrestricted = unrestricted;
        UnitPaths = unitPaths;
        DepartmentKeys = departmentKeys;
    }

    /// <summary>No access to anything scoped: anonymous callers and accounts without units.</summary>
    public static AccessScope None { get; } = new(false, [], []);

    /// <summary>The system itself (CLI, migrations, background dispatch): no filtering.</summary>
    public static AccessScope System { get; } = new(true, [], []);

    public bool Unrestricted { get; }

    /// <summary>Path prefixes of the caller's units.</summary>
    public IReadOnlyList<string> UnitPaths { get; }

    /// <summary>"{departmentCode}:{servedUnitPath}" prefixes, matched against "{assignedDepartmentCode}:{unitPath}".</summary>
    public IReadOnlyList<string> DepartmentKeys { get; }

    public static AccessScope For(IEnumerable<string> unitPaths, IEnumerable<(string DepartmentCode, string ServedPath)>? departments = null) =>
        new(
            false,
            [.. unitPaths.Distinct(StringComparer.Ordinal)],
            [.. (departments ?? []).Select(d => DepartmentKey(d.DepartmentCode, d.ServedPath)).Distinct(StringComparer.Ordinal)]);

    public static string DepartmentKey(string departmentCode, string unitPath) => departmentCode + ":" + unitPath;

    /// <summary>How many of the caller's unit paths the DbContext's query filter spells out as plain prefix LIKEs.</summary>
    internal const int FilterPathSlots = 4;

    // The query filter's LIKE patterns (FengqiaoDbContext.Reach). A global filter is compiled once for the model, so its
    // shape cannot follow the scope; instead each part is `column LIKE @pattern` with a pattern that is null when the
    // part does not apply. EF knows a parameter's nullness before it writes the SQL (one cached SQL per null pattern)
    // and drops `x LIKE NULL`, so a street officer's query reads `"UnitPath" LIKE @p` and nothing else: the plain prefix
    // LIKE that the (UnitPath, ReportedAt) index serves, where `UnitPaths.Any(p => UnitPath.StartsWith(p))` became an
    // EXISTS over a parameter list (and StartsWith of a parameter a substr() comparison) that no planner turns into an
    // index range (docs/benchmarks.md). A boolean parameter would not do: EF keeps `@flag OR …` in the SQL, which
    // SQLite cannot plan around.

    /// <summary>"%" when nothing is filtered (the system scope), else null.</summary>
    internal string? FilterAll => Unrestricted ? "%" : null;

    internal string? FilterPath0 => FilterPath(0);

    internal string? FilterPath1 => FilterPath(1);

    internal string? FilterPath2 => FilterPath(2);

    internal string? FilterPath3 => FilterPath(3);

    /// <summary>"%" when some unit path has no slot (more than four units, or a LIKE wildcard in a path), else null.</summary>
    internal string? FilterMorePaths =>
        !Unrestricted && (UnitPaths.Count > FilterPathSlots || UnitPaths.Take(FilterPathSlots).Any(p => !IsLikeSafe(p))) ? "%" : null;

    /// <summary>"%" when the caller reaches department assignments, else null.</summary>
    internal string? FilterDepartments => !Unrestricted && DepartmentKeys.Count > 0 ? "%" : null;

    /// <summary>Whether a record at <paramref name="unitPath"/> lies in the caller's own subtrees.</summary>
    public bool Covers(string unitPath) =>
        Unrestricted || UnitPaths.Any(path => unitPath.StartsWith(path, StringComparison.Ordinal));

    /// <summary>Whether a record, possibly assigned to a department, is within reach.</summary>
    public bool Covers(string unitPath, string? assignedDepartmentCode) =>
        Covers(unitPath)
        || (assignedDepartmentCode is not null
            && DepartmentKeys.Any(key => DepartmentKey(assignedDepartmentCode, unitPath).StartsWith(key, StringComparison.Ordinal)));

    /// <summary>The slot's path as a prefix pattern. Unit paths hold digits and '/', so the pattern needs no escaping.</summary>
    private string? FilterPath(int slot) =>
        !Unrestricted && slot < UnitPaths.Count && slot < FilterPathSlots && IsLikeSafe(UnitPaths[slot]) ? UnitPaths[slot] + "%" : null;

    private static bool IsLikeSafe(string path) => path.AsSpan().IndexOfAny('%', '_', '\\') < 0 && path.Length > 0;
}
