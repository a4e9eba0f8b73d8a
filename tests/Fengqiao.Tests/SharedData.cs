namespace Fengqiao.Tests;

/// <summary>
/// Finds files in the <c>shared/</c> folder that every checkout has beside it (<c>&lt;repo&gt;/../shared</c>), by walking
/// up from the test binaries until a directory holds <c>shared/&lt;relative&gt;</c>.
/// </summary>
public static class SharedData
{
    /// <summary>The full path of <paramref name="relative"/> inside <c>shared/</c>, e.g. "data/calendar/cn-holidays-2025-2026.csv".</summary>
    public static string PathOf(string relative)
    {
        var inside = relative.Replace('\\', '/').TrimStart('/');
        if (inside.StartsWith("shared/", StringComparison.Ordinal))
        {
            inside = inside["shared/".Length..];
        }

        var parts = inside.Split('/', StringSplitOptions.RemoveEmptyEntries);
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine([directory.FullName, "shared", .. parts]);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException(
            $"shared/{inside} was not found in any directory above {AppContext.BaseDirectory}. "
            + "The shared folder is expected beside the repository, i.e. <repo>/../shared/" + inside + ".",
            "shared/" + inside);
    }

    /// <summary>The repository's root: the nearest directory above the test binaries holding Fengqiao.slnx.</summary>
    public static string RepositoryRoot
    {
        get
        {
            for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
            {
                if (File.Exists(Path.Combine(directory.FullName, "Fengqiao.slnx")))
                {
                    return directory.FullName;
                }
            }

            throw new DirectoryNotFoundException($"No Fengqiao.slnx above {AppContext.BaseDirectory}.");
        }
    }
}
