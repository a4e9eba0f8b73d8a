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

    /// <summary>Whether a record at <paramref name="unitPath"/> lies in the caller's own subtrees.</summary>
    public bool Covers(string unitPath) =>
        Unrestricted || UnitPaths.Any(path => unitPath.StartsWith(path, StringComparison.Ordinal));

    /// <summary>Whether a record, possibly assigned to a department, is within reach.</summary>
    public bool Covers(string unitPath, string? assignedDepartmentCode) =>
        Covers(unitPath)
        || (assignedDepartmentCode is not null
            && DepartmentKeys.Any(key => DepartmentKey(assignedDepartmentCode, unitPath).StartsWith(key, StringComparison.Ordinal)));
}
