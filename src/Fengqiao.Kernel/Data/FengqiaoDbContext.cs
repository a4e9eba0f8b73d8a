using System.Linq.Expressions;
using Fengqiao.Kernel.Access;
using Fengqiao.Kernel.Audit;
using Fengqiao.Kernel.Calendar;
using Fengqiao.Kernel.Identity;
using Fengqiao.Kernel.Messaging;
using Fengqiao.Kernel.Notifications;
using Fengqiao.Kernel.Units;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Fengqiao.Kernel.Data;

/// <summary>
/// The one DbContext, assembled from the kernel's and each module's configurations (ADR 0002). It applies the
/// caller's jurisdiction to every <see cref="IJurisdictional"/> query, moves domain events to the outbox and seals
/// audit entries into the hash chain, all within the transaction of the change.
/// </summary>
public sealed class FengqiaoDbContext(
    DbContextOptions<FengqiaoDbContext> options,
    ICurrentActor actor,
    DomainEventRegistry events,
    OutboxSignal outboxSignal,
    TimeProvider clock,
    IEnumerable<IModuleModel> modules)
    : IdentityDbContext<FengqiaoUser, FengqiaoRole, Guid>(options), IDataProtectionKeyContext, IEventPublisher
{
    /// <summary>
    /// Names the mapped property that holds an <see cref="IJurisdictional"/> entity's unit path when it is not
    /// called "UnitPath" (e.g. <see cref="AdministrativeUnit.Path"/>).
    /// </summary>
    public const string UnitPathPropertyAnnotation = "Fengqiao:UnitPathProperty";

    private const long AuditChainLockKey = 0x4651_4155_4449_5400; // "FQAUDIT"

    private readonly List<IDomainEvent> _published = [];

    public DbSet<Microsoft.AspNetCore.DataProtection.EntityFrameworkCore.DataProtectionKey> DataProtectionKeys => Set<Microsoft.AspNetCore.DataProtection.EntityFrameworkCore.DataProtectionKey>();

    public DbSet<AdministrativeUnit> Units => Set<AdministrativeUnit>();

    public DbSet<Department> Departments => Set<Department>();

    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();

    public DbSet<OutboxMessage> Outbox => Set<OutboxMessage>();

    public DbSet<CalendarDay> CalendarDays => Set<CalendarDay>();

    public DbSet<InboxItem> Inbox => Set<InboxItem>();

    public DbSet<StaffNotice> StaffNotices => Set<StaffNotice>();

    public DatabaseProvider Provider => Database.IsNpgsql() ? DatabaseProvider.PostgreSql : DatabaseProvider.Sqlite;

    /// <summary>The registered modules' model types, which decide the model (<see cref="ModuleSetModelCacheKeyFactory"/>).</summary>
    internal string ModuleSet => string.Join(',', modules.Select(module => module.GetType().FullName).Order(StringComparer.Ordinal));

    /// <summary>Set by <see cref="TransactionTracker"/> once a transaction was begun on or joined by this context.</summary>
    internal bool TransactionSeen { get; set; }

    /// <summary>
    /// Whether a transaction is open on this context (<c>Database.CurrentTransaction</c>), answered without starting the
    /// context's services when none was ever begun on it (<see cref="TransactionTracker"/>).
    /// </summary>
    public bool HasCurrentTransaction => TransactionSeen && Database.CurrentTransaction is not null;

    /// <summary>Read by the query filters; EF evaluates it per query, so it follows the actor of this scope.</summary>
    internal AccessScope Scope => actor.Scope;

    public void Publish(IDomainEvent domainEvent) => _published.Add(domainEvent);

    public override int SaveChanges(bool acceptAllChangesOnSuccess) =>
        SaveChangesAsync(acceptAllChangesOnSuccess).GetAwaiter().GetResult();

    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        var outbox = CollectOutbox();
        var pendingAudit = ChangeTracker.Entries<AuditEntry>()
            .Where(e => e.State == EntityState.Added && !e.Entity.IsSealed)
            .Select(e => e.Entity)
            .ToList();

        var written = pendingAudit.Count == 0
            ? await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken)
            : await SealedInTransactionAsync(pendingAudit, () => base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken), cancellationToken);

        if (outbox.Count > 0)
        {
            outboxSignal.Notify();
        }

        return written;
    }

    /// <summary>
    /// Appends new rows without change tracking (追加写入), in one transaction: the audit entries among them are sealed
    /// into the hash chain and <paramref name="raised"/> become outbox messages, exactly as SaveChanges would, and each
    /// table's rows are written with one prepared statement (SQLite) or multi-row INSERTs (PostgreSQL) per table
    /// (<see cref="RowInserter"/>), principals before dependants. For write paths that only insert, at a high rate (the
    /// intake writer's group commit). Interceptors do not run: a caller whose rows others derive data from (e.g. the
    /// cases' indicator roll-up marks) adds those rows itself.
    /// </summary>
    /// <remarks>
    /// The context must track nothing. A database error is thrown as a <see cref="DbUpdateException"/> around the
    /// provider's exception, as SaveChanges throws it, and the audit entries are unsealed again for a retry.
    /// </remarks>
    public async Task AppendAsync(IReadOnlyList<object> rows, IReadOnlyList<IDomainEvent> raised, CancellationToken cancellationToken)
    {
        if (ChangeTracker.Entries().Any())
        {
            throw new InvalidOperationException("AppendAsync needs a context that tracks nothing.");
        }

        var now = clock.GetUtcNow();
        var outbox = raised.SelectMany(e => events.ToOutbox(e, now)).ToList();
        var audit = rows.OfType<AuditEntry>().Where(e => !e.IsSealed).ToList();
        try
        {
            await SealedInTransactionAsync(
                audit,
                async () =>
                {
                    if (audit.Count > 0)
                    {
                        // The chain head the sealing moved: the one tracked row, saved before the appended rows.
                        await base.SaveChangesAsync(acceptAllChangesOnSuccess: true, cancellationToken);
                        ChangeTracker.Clear();
                    }

                    var transaction = Database.CurrentTransaction!.GetDbTransaction();
                    var tables = InDependencyOrder([.. rows, .. outbox]);
                    if (Provider == DatabaseProvider.PostgreSql && tables.Count > 0)
                    {
                        // Every table's statements in one batch: one round trip, executed in order (foreign keys hold).
                        await using var batch = transaction.Connection!.CreateBatch();
                        batch.Transaction = transaction;
                        await using var parameterSource = transaction.Connection.CreateCommand();
                        foreach (var (type, ofType) in tables)
                        {
                            RowInserter.For(this, type).AddTo(batch, parameterSource, ofType);
                        }

                        await batch.ExecuteNonQueryAsync(cancellationToken);
                    }
                    else
                    {
                        foreach (var (type, ofType) in tables)
                        {
                            await RowInserter.For(this, type).InsertOneByOneAsync(transaction, ofType, cancellationToken);
                        }
                    }

                    return rows.Count + outbox.Count;
                },
                cancellationToken);
        }
        catch (Exception e)
        {
            ChangeTracker.Clear();
            if (e is System.Data.Common.DbException)
            {
                throw new DbUpdateException("An error occurred while appending the rows; see the inner exception.", e);
            }

            throw;
        }

        if (outbox.Count > 0)
        {
            outboxSignal.Notify();
        }
    }

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        var provider = Provider;
        builder.ApplyConfigurationsFromAssembly(typeof(FengqiaoDbContext).Assembly);
        if (provider == DatabaseProvider.PostgreSql)
        {
            builder.HasPostgresExtension("postgis");
        }

        foreach (var module in modules)
        {
            module.Build(builder, provider);
        }

        ApplyJurisdictionFilters(builder);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        if (!Database.IsNpgsql())
        {
            // SQLite has no instant type; a sortable 64-bit encoding keeps comparisons and ORDER BY in SQL.
            configurationBuilder.Properties<DateTimeOffset>().HaveConversion<DateTimeOffsetToBinaryConverter>();
        }
    }

    private List<OutboxMessage> CollectOutbox()
    {
        var raised = ChangeTracker.Entries<IHasDomainEvents>()
            .SelectMany(entry =>
            {
                var list = entry.Entity.DomainEvents.ToList();
                entry.Entity.ClearDomainEvents();
                return list;
            })
            .Concat(_published)
            .ToList();
        _published.Clear();

        var now = clock.GetUtcNow();
        var messages = raised.SelectMany(e => events.ToOutbox(e, now)).ToList();
        Outbox.AddRange(messages);
        return messages;
    }

    /// <summary>
    /// Runs <paramref name="write"/> in the current transaction or one of its own, after sealing <paramref name="audit"/>
    /// into the chain. On failure the entries are unsealed: on a retry they get new numbers, since the chain head they
    /// were sealed against may have moved.
    /// </summary>
    private async Task<T> SealedInTransactionAsync<T>(List<AuditEntry> audit, Func<Task<T>> write, CancellationToken cancellationToken)
    {
        var ownTransaction = Database.CurrentTransaction is null ? await Database.BeginTransactionAsync(cancellationToken) : null;
        try
        {
            if (audit.Count > 0)
            {
                await SealAuditEntriesAsync(audit, cancellationToken);
            }

            var result = await write();
            if (ownTransaction is not null)
            {
                await ownTransaction.CommitAsync(cancellationToken);
            }

            return result;
        }
        catch
        {
            foreach (var entry in audit)
            {
                entry.Seal(0, "");
            }

            throw;
        }
        finally
        {
            if (ownTransaction is not null)
            {
                await ownTransaction.DisposeAsync();
            }
        }
    }

    private async Task SealAuditEntriesAsync(List<AuditEntry> pending, CancellationToken cancellationToken)
    {
        if (Provider == DatabaseProvider.PostgreSql)
        {
            // Serialises appends across web nodes; SQLite's BEGIN IMMEDIATE already holds the write lock.
            await Database.ExecuteSqlRawAsync($"SELECT pg_advisory_xact_lock({AuditChainLockKey})", cancellationToken);
        }

        var head = await Set<AuditChainHead>().SingleOrDefaultAsync(cancellationToken);
        if (head is null)
        {
            head = new AuditChainHead();
            Add(head);
        }

        foreach (var entry in pending)
        {
            entry.Seal(head.LastSequence + 1, head.LastHash);
            head.LastSequence = entry.Sequence;
            head.LastHash = entry.Hash;
        }

        // The head is the one tracked row this save modifies; a caller that turned automatic change detection off (the
        // intake writer, whose batch is otherwise only new rows) must still write it.
        Entry(head).DetectChanges();
    }

    /// <summary>The rows grouped by type, each type after every type its foreign keys point to (a table's own rows aside).</summary>
    private List<(Type Type, List<object> Rows)> InDependencyOrder(IEnumerable<object> rows)
    {
        var groups = new List<(Type Type, List<object> Rows)>();
        foreach (var row in rows)
        {
            var index = groups.FindIndex(g => g.Type == row.GetType());
            if (index < 0)
            {
                groups.Add((row.GetType(), [row]));
            }
            else
            {
                groups[index].Rows.Add(row);
            }
        }

        var ordered = new List<(Type Type, List<object> Rows)>(groups.Count);
        while (groups.Count > 0)
        {
            var next = groups.FindIndex(g => Model.FindEntityType(g.Type)!.GetForeignKeys()
                .All(fk => fk.PrincipalEntityType.ClrType == g.Type || groups.All(other => other.Type != fk.PrincipalEntityType.ClrType)));
            if (next < 0)
            {
                throw new InvalidOperationException("The appended rows' tables reference each other in a cycle.");
            }

            ordered.Add(groups[next]);
            groups.RemoveAt(next);
        }

        return ordered;
    }

    private void ApplyJurisdictionFilters(ModelBuilder builder)
    {
        foreach (var entityType in builder.Model.GetEntityTypes().Where(t => t.BaseType is null).ToList())
        {
            var clr = entityType.ClrType;
            var pathProperty = entityType.FindAnnotation(UnitPathPropertyAnnotation)?.Value as string ?? nameof(IJurisdictional.UnitPath);
            var method = typeof(IDepartmentAssigned).IsAssignableFrom(clr) ? nameof(FilterDepartmentAssigned)
                : typeof(IJurisdictional).IsAssignableFrom(clr) ? nameof(FilterJurisdictional)
                : null;
            if (method is not null)
            {
                GetType().GetMethod(method, System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!
                    .MakeGenericMethod(clr).Invoke(this, [builder, pathProperty]);
            }
        }
    }

    private void FilterJurisdictional<T>(ModelBuilder builder, string path)
        where T : class, IJurisdictional
    {
        builder.Entity<T>().HasQueryFilter(Reach<T>(path));
    }

    private void FilterDepartmentAssigned<T>(ModelBuilder builder, string path)
        where T : class, IDepartmentAssigned
    {
        var own = Reach<T>(path);
        Expression<Func<T, bool>> department = e =>
            EF.Functions.Like(EF.Property<string?>(e, nameof(IDepartmentAssigned.AssignedDepartmentCode))!, Scope.FilterDepartments!)
            && Scope.DepartmentKeys.Any(k => (EF.Property<string>(e, nameof(IDepartmentAssigned.AssignedDepartmentCode)) + ":" + EF.Property<string>(e, path)).StartsWith(k));
        var e = own.Parameters[0];
        var filter = Expression.Lambda<Func<T, bool>>(
            Expression.OrElse(own.Body, new ReplaceParameter(department.Parameters[0], e).Visit(department.Body)), e);
        builder.Entity<T>().HasQueryFilter(filter);
    }

    /// <summary>
    /// The caller's own subtrees as plain prefix LIKEs, one per unit path (see <see cref="AccessScope.FilterAll"/> for why
    /// every part is a LIKE with a nullable pattern): what a planner needs to use the unit-path indexes.
    /// </summary>
    private Expression<Func<T, bool>> Reach<T>(string path)
        where T : class =>
        e => EF.Functions.Like(EF.Property<string>(e, path), Scope.FilterAll!)
            || EF.Functions.Like(EF.Property<string>(e, path), Scope.FilterPath0!)
            || EF.Functions.Like(EF.Property<string>(e, path), Scope.FilterPath1!)
            || EF.Functions.Like(EF.Property<string>(e, path), Scope.FilterPath2!)
            || EF.Functions.Like(EF.Property<string>(e, path), Scope.FilterPath3!)
            || (EF.Functions.Like(EF.Property<string>(e, path), Scope.FilterMorePaths!)
                && Scope.UnitPaths.Any(p => EF.Property<string>(e, path).StartsWith(p)));

    private sealed class ReplaceParameter(ParameterExpression from, ParameterExpression to) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => node == from ? to : node;
    }
}
