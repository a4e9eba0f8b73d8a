using System.Collections.Concurrent;
using System.Data.Common;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Metadata;

namespace Fengqiao.Kernel.Data;

/// <summary>
/// What SQLite's query planner cannot measure, told to it (ADR 0021). The bundled SQLite has no STAT4 histograms, so it
/// estimates every range — and a unit-path prefix <c>LIKE</c> is one — at 1/64 of the table whatever <c>ANALYZE</c>
/// found. For a street officer's cases that is badly wrong: a street usually holds most of a county's cases, so the
/// planner took the unit-path index and sorted a million rows for a 20-row page (4 s) instead of walking the report-time
/// or status index and stopping early. For a grid worker it is about right, and there the unit-path range is often the
/// best plan (a grid's overdue count reads its own few hundred entries; told "broad", SQLite walked every overdue case
/// of the county: 0.6 s).
/// <para>
/// So the hint depends on the caller and the query, which a model-wide query filter cannot express: this interceptor
/// (SQLite only) wraps the jurisdiction term of a table marked <see cref="BroadJurisdictionAnnotation"/> — EF writes it as
/// <c>"c"."UnitPath" LIKE @ef_filter__FilterPath0</c> — in <c>likelihood(…, 0.9375)</c> when the caller's scope is broad
/// (a street or above, or the system) or the query is tagged <see cref="WalkTag"/> (a page in time order whose total
/// shows the unit holds many rows). PostgreSQL plans by its histograms and gets the plain SQL.
/// </para>
/// </summary>
public static class SqlitePlannerHints
{
    /// <summary>
    /// Entity annotation (value <c>true</c>): a broad caller's jurisdiction holds a large share of these rows, so the
    /// planner should then prefer any other usable index (ordering, status, holder) to the unit-path range.
    /// </summary>
    public const string BroadJurisdictionAnnotation = "Fengqiao:BroadJurisdiction";

    /// <summary>Query tag (<c>TagWith</c>): hint this query's jurisdiction as broad whatever the caller's level.</summary>
    public const string WalkTag = "fengqiao:broad-jurisdiction";

    /// <summary>
    /// The probability given to the jurisdiction term. SQLite walks an ordering index instead of sorting a range only when
    /// the range is estimated at about half the table or more (measured at 1 M cases: 0.2 still sorted, 0.5 walked);
    /// 15/16 prints exactly in the SQL.
    /// </summary>
    public const double BroadJurisdictionLikelihood = 0.9375;

    /// <summary>A scope is broad when it includes a unit at this depth of the path (a street: /32/3202/320282/320282001/) or above.</summary>
    public const int BroadUnitDepth = 4;

    /// <summary>The interceptor, stateless; added to every SQLite context (KernelServiceCollectionExtensions.UseProvider).</summary>
    public static IDbCommandInterceptor Interceptor { get; } = new JurisdictionHint();

    private static readonly Regex TableAlias = new(@"(?:FROM|JOIN) ""(?<table>[^""]+)"" AS ""(?<alias>[^""]+)""", RegexOptions.CultureInvariant);

    private static readonly ConcurrentDictionary<IModel, IReadOnlyDictionary<string, string>> BroadTables = new();

    private static readonly ConcurrentDictionary<(string Alias, string Column), Regex> Terms = new();

    private static readonly string Replacement = $"likelihood($1, {BroadJurisdictionLikelihood.ToString(System.Globalization.CultureInfo.InvariantCulture)})";

    /// <summary>Whether the scope reaches a street or more (the system reaches everything).</summary>
    internal static bool IsBroad(Access.AccessScope scope) =>
        scope.Unrestricted || scope.UnitPaths.Any(p => p.Split('/', StringSplitOptions.RemoveEmptyEntries).Length <= BroadUnitDepth);

    /// <summary>The command text with the jurisdiction terms of broad tables hinted, or the text unchanged.</summary>
    internal static string Hint(string sql, DbContext? context)
    {
        if (context is not FengqiaoDbContext db || db.Provider != DatabaseProvider.Sqlite || !sql.Contains(" LIKE @ef_filter__Filter", StringComparison.Ordinal)
            || !(sql.Contains(WalkTag, StringComparison.Ordinal) || IsBroad(db.Scope)))
        {
            return sql;
        }

        var tables = BroadTables.GetOrAdd(db.Model, model => model.GetEntityTypes()
            .Where(t => t.FindAnnotation(BroadJurisdictionAnnotation)?.Value is true && t.GetTableName() is not null)
            .ToDictionary(
                t => t.GetTableName()!,
                t => t.FindProperty(t.FindAnnotation(FengqiaoDbContext.UnitPathPropertyAnnotation)?.Value as string ?? nameof(Access.IJurisdictional.UnitPath))!
                    .GetColumnName(StoreObjectIdentifier.Table(t.GetTableName()!, t.GetSchema()))!,
                StringComparer.Ordinal));
        foreach (Match match in TableAlias.Matches(sql))
        {
            if (tables.TryGetValue(match.Groups["table"].Value, out var column))
            {
                // One pattern per (alias, column): EF reuses the same few aliases, so the set stays small.
                var term = Terms.GetOrAdd((match.Groups["alias"].Value, column), static key => new Regex(
                    $@"(?<!likelihood\()(""{Regex.Escape(key.Alias)}""\.""{Regex.Escape(key.Column)}"" LIKE @ef_filter__Filter(?:All|Path\d)\b)",
                    RegexOptions.CultureInvariant));
                sql = term.Replace(sql, Replacement);
            }
        }

        return sql;
    }

    private sealed class JurisdictionHint : DbCommandInterceptor
    {
        public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
        {
            command.CommandText = Hint(command.CommandText, eventData.Context);
            return result;
        }

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
            DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            command.CommandText = Hint(command.CommandText, eventData.Context);
            return ValueTask.FromResult(result);
        }

        public override InterceptionResult<object> ScalarExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<object> result)
        {
            command.CommandText = Hint(command.CommandText, eventData.Context);
            return result;
        }

        public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(
            DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default)
        {
            command.CommandText = Hint(command.CommandText, eventData.Context);
            return ValueTask.FromResult(result);
        }
    }
}
