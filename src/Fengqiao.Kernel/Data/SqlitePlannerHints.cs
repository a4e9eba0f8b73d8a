using Microsoft.EntityFrameworkCore;

namespace Fengqiao.Kernel.Data;

/// <summary>
/// What SQLite's query planner cannot measure, told to it (ADR 0021). The bundled SQLite has no STAT4 histograms, so
/// it estimates every range — and a unit-path prefix <c>LIKE</c> is a range — at 1/64 of the table whatever
/// <c>ANALYZE</c> found. For cases that is badly wrong: a street's jurisdiction usually covers most of a county's
/// cases, so the planner chose the unit-path index and sorted a million rows for a 20-row page instead of walking the
/// report-time or status index and stopping early. An entity marked with <see cref="BroadJurisdictionAnnotation"/> gets
/// its jurisdiction filter wrapped in SQLite's <c>likelihood(…, <see cref="BroadJurisdictionLikelihood"/>)</c> on
/// SQLite; PostgreSQL keeps the plain filter (it has histograms and plans by the actual prefix).
/// </summary>
public static class SqlitePlannerHints
{
    /// <summary>
    /// Entity annotation (value <c>true</c>): the caller's jurisdiction usually holds a large share of the rows, so the
    /// planner should prefer any other index (ordering, status, holder) to the unit-path range.
    /// </summary>
    public const string BroadJurisdictionAnnotation = "Fengqiao:BroadJurisdiction";

    /// <summary>
    /// The probability given to the jurisdiction term. SQLite walks an ordering index instead of sorting a range only
    /// when the range is estimated at about half the table or more (measured at 1 M cases: 0.2 still sorted, 0.5 walked); 0.9375 = 15/16 prints exactly in the SQL.
    /// </summary>
    public const double BroadJurisdictionLikelihood = 0.9375;

    /// <summary>SQLite's <c>likelihood(X, P)</c>: X unchanged, with P as the planner's estimate that X is true.</summary>
    public static bool Likelihood(bool condition, double probability) =>
        throw new InvalidOperationException($"{nameof(Likelihood)} is translated to SQL only ({condition}, {probability}).");

    internal static void Register(ModelBuilder builder) =>
        builder.HasDbFunction(typeof(SqlitePlannerHints).GetMethod(nameof(Likelihood))!)
            .HasName("likelihood")
            .IsBuiltIn()
            .IsNullable(false);
}
