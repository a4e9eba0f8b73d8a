namespace Fengqiao.Kernel.Data;

public enum DatabaseProvider
{
    /// <summary>The embedded default: one file in the data folder.</summary>
    Sqlite = 1,

    /// <summary>PostgreSQL with PostGIS, for several web nodes and spatial SQL.</summary>
    PostgreSql = 2,
}
