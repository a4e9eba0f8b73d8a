using Fengqiao.Cases.Domain;
using Fengqiao.Kernel.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Fengqiao.Cases.Intake;

/// <summary>
/// 近期未结事件索引: the open, located cases reported within the duplicate window, held per node in map cells, so that the
/// duplicate check (重复判断) finds its candidates without a query per report (docs/adr/0023-recent-case-index.md).
/// </summary>
/// <remarks>
/// <para>Loaded from the database on first use; the node's own reports are added as they commit; every case another
/// node (or a staff action, a sweep, an import) reported or changed is read back by its <see cref="Case.UpdatedAt"/>
/// at most every <see cref="IntakeOptions.DuplicateIndexRefreshMilliseconds"/>, from a watermark less a margin for
/// transactions that commit after they stamped the time. So a status or category change reaches the index within
/// about one refresh interval; a case closed meanwhile can at worst be proposed as a duplicate, for a person to see.</para>
/// <para>Bounded by <see cref="IntakeOptions.DuplicateIndexCapacity"/>: the oldest entries go first, and the index then
/// knows it holds every open case only from the newest evicted report time on. A check whose window reaches further
/// back, and which finds fewer than the 200 candidates the query would stop at, is answered by the query instead — so
/// the candidates are always the query's.</para>
/// </remarks>
public sealed class RecentCaseIndex(IOptionsMonitor<IntakeOptions> options) : IDisposable
{
    /// <summary>The most candidates a check compares (the newest), as the query takes.</summary>
    public const int MaxCandidates = 200;

    /// <summary>
    /// Cell size in degrees (about 110 m north–south): a 150 m radius spans three to five cells each way, and about half
    /// or more of the cells' area lies within the radius's box (a quarter to a half with 220 m cells).
    /// </summary>
    private const double CellDegrees = 0.001;

    private const double MetresPerDegreeLatitude = 111_320;

    private readonly Lock _gate = new();
    private readonly SemaphoreSlim _loading = new(1, 1);
    private readonly Dictionary<Guid, Entry> _byId = [];

    /// <summary>Cases this node closed or rejected lately, with the version that did it (see <see cref="Apply"/>).</summary>
    private readonly Dictionary<Guid, (long Version, DateTimeOffset At)> _closed = [];
    private readonly Dictionary<(int Row, int Column), MapCell> _cells = [];
    private readonly Queue<Entry> _order = new();

    /// <summary>Null until loaded; then every open located case reported strictly after it is held.</summary>
    private DateTimeOffset? _completeAfter;
    private volatile bool _loaded;

    /// <summary>The instant the last refresh (or the load) started: the next reads what changed from then, less the margin.</summary>
    private DateTimeOffset _refreshedFrom;
    private long _lastRefreshTicks;
    private int _refreshing;

    /// <summary>How many cases the index holds.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _byId.Count;
            }
        }
    }

    /// <summary>Loads the index on first use, then brings in what changed since the last refresh when that is due.</summary>
    public async Task EnsureCurrentAsync(FengqiaoDbContext db, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var settings = options.CurrentValue;
        if (settings.DuplicateIndexCapacity <= 0)
        {
            return; // switched off: every check queries
        }

        if (!_loaded)
        {
            await _loading.WaitAsync(cancellationToken);
            try
            {
                if (!_loaded)
                {
                    await LoadAsync(db, now, settings, cancellationToken);
                    return;
                }
            }
            finally
            {
                _loading.Release();
            }
        }

        // One refresh at a time; the other reports meanwhile use the index as it is (at most one interval behind).
        if (now.UtcTicks - Volatile.Read(ref _lastRefreshTicks) >= settings.DuplicateIndexRefreshMilliseconds * TimeSpan.TicksPerMillisecond
            && Interlocked.CompareExchange(ref _refreshing, 1, 0) == 0)
        {
            try
            {
                await RefreshAsync(db, now, settings, cancellationToken);
            }
            finally
            {
                Volatile.Write(ref _refreshing, 0);
            }
        }
    }

    /// <summary>A report this node has committed: a candidate for the next reports at once, not after the next refresh.</summary>
    public void Add(Case report)
    {
        if (report is not { Longitude: { } longitude, Latitude: { } latitude } || !IsOpen(report.Status))
        {
            return;
        }

        lock (_gate)
        {
            if (_completeAfter is null)
            {
                return; // loaded later, with this case
            }

            // Its last action is now: a case changed long after it was reported is past the window and no candidate.
            var since = report.UpdatedAt.AddHours(-options.CurrentValue.DuplicateWindowHours);
            if (report.ReportedAt < since)
            {
                RemoveLocked(report.Id);
                return;
            }

            Upsert(report.Id, report.TrackingCode, longitude, latitude, report.ReportedAt, report.CategoryCode, report.Version);
            EvictLocked(since);
        }
    }

    /// <summary>
    /// A case this node saved and committed (<see cref="RecentCaseIndexUpdater"/>): held while open, dropped once closed
    /// or rejected.
    /// </summary>
    internal void Apply(Case saved)
    {
        if (IsOpen(saved.Status))
        {
            Add(saved);
            return;
        }

        lock (_gate)
        {
            RemoveLocked(saved.Id);

            // A refresh or load that read this case before the commit may apply its older, open state after this: the
            // version says it is older (a reopening makes a newer one). With the index off nothing refreshes; and a node
            // that never checks a report never refreshes either, so the list is also trimmed here.
            var settings = options.CurrentValue;
            if (settings.DuplicateIndexCapacity > 0)
            {
                _closed[saved.Id] = (saved.Version, saved.UpdatedAt);
                if (_closed.Count > MaxRememberedClosings)
                {
                    ForgetClosingsBefore(saved.UpdatedAt.AddMilliseconds(-2 * settings.DuplicateIndexRefreshMarginMilliseconds));
                }
            }
        }
    }

    /// <summary>
    /// The duplicate query's candidates, from memory: open cases in the box around the point reported since
    /// <paramref name="since"/> in a related category (<paramref name="relatedCategory"/> prefix, or unclassified), the
    /// newest <see cref="MaxCandidates"/>, then those within the radius — newest first, where the query gives them nearest
    /// first (the duplicate check does not depend on the order). Null when the index cannot give exactly that (not loaded,
    /// or the window reaches back past what it holds and fewer than the cap were found).
    /// </summary>
    internal IReadOnlyList<NearbyCase>? Candidates(double longitude, double latitude, DateTimeOffset since, double radiusMetres, string? relatedCategory)
    {
        var dLat = radiusMetres / MetresPerDegreeLatitude;
        var dLon = radiusMetres / (MetresPerDegreeLatitude * Math.Max(0.1, Math.Cos(latitude * Math.PI / 180)));
        var (minLon, maxLon, minLat, maxLat) = (longitude - dLon, longitude + dLon, latitude - dLat, latitude + dLat);
        var found = new List<Entry>(MaxCandidates);
        DateTimeOffset completeAfter;
        lock (_gate)
        {
            if (_completeAfter is not { } after || options.CurrentValue.DuplicateIndexCapacity <= 0)
            {
                return null;
            }

            completeAfter = after;
            // The lists under the box that can hold a related case: in each cell the unclassified cases and those whose
            // category starts with the related code (all of them when the report has no category yet).
            var lists = new List<List<Slot>>();
            for (var row = Cell(minLat); row <= Cell(maxLat); row++)
            {
                for (var column = Cell(minLon); column <= Cell(maxLon); column++)
                {
                    if (_cells.TryGetValue((row, column), out var cell))
                    {
                        cell.AddListsFor(relatedCategory, lists);
                    }
                }
            }

            // Merged newest first (each list is in report-time order, a heap holds each list's next entry) until the cap,
            // nothing older than the window or the complete part: only entries the query could return are looked at.
            var oldest = Math.Max(since.UtcTicks, completeAfter.UtcTicks + 1);

            // Every entry of those lists is related, unless the related code is longer than the lists' keys.
            var longerThanKeys = relatedCategory is { Length: > MapCell.KeyLength };
            var next = new int[lists.Count];
            var heads = new PriorityQueue<int, long>(lists.Count);
            for (var l = 0; l < lists.Count; l++)
            {
                next[l] = lists[l].Count - 1;
                if (Head(lists[l], next[l], oldest) is var head && head != long.MinValue)
                {
                    heads.Enqueue(l, -head);
                }
            }

            while (found.Count < MaxCandidates && heads.TryPeek(out var l, out _))
            {
                var slot = lists[l][next[l]--];
                var head = Head(lists[l], next[l], oldest);
                if (head == long.MinValue)
                {
                    heads.Dequeue();
                }
                else
                {
                    heads.DequeueEnqueue(l, -head);
                }

                if (slot.Longitude >= minLon && slot.Longitude <= maxLon && slot.Latitude >= minLat && slot.Latitude <= maxLat
                    && (!longerThanKeys || slot.Entry.CategoryCode is null || slot.Entry.CategoryCode.StartsWith(relatedCategory!, StringComparison.Ordinal)))
                {
                    found.Add(slot.Entry);
                }
            }
        }

        if (found.Count < MaxCandidates && since <= completeAfter)
        {
            return null; // older cases the index no longer holds might be among the query's
        }

        var candidates = new List<NearbyCase>(found.Count);
        foreach (var entry in found)
        {
            var distance = DuplicateFinder.DistanceMetres(longitude, latitude, entry.Longitude, entry.Latitude);
            if (distance <= radiusMetres)
            {
                candidates.Add(new NearbyCase(entry.Id, entry.TrackingCode, "", "", entry.CategoryCode, CaseStatus.Reported, entry.ReportedAt, 0, distance, 0));
            }
        }

        return candidates;
    }

    private async Task LoadAsync(FengqiaoDbContext db, DateTimeOffset now, IntakeOptions settings, CancellationToken cancellationToken)
    {
        var since = now.AddHours(-settings.DuplicateWindowHours);
        var capacity = Math.Max(1, settings.DuplicateIndexCapacity);
        var rows = await db.Set<Case>().IgnoreQueryFilters().AsNoTracking()
            .Where(c => c.Status != CaseStatus.Rejected && c.Status != CaseStatus.Closed && c.ReportedAt >= since && c.Longitude != null && c.Latitude != null)
            .OrderByDescending(c => c.ReportedAt)
            .Take(capacity + 1)
            .Select(c => new Row(c.Id, c.TrackingCode, c.Longitude, c.Latitude, c.ReportedAt, c.CategoryCode, c.Status, c.Version))
            .ToListAsync(cancellationToken);
        lock (_gate)
        {
            // Oldest first, so that eviction (in insertion order) drops the oldest.
            for (var i = Math.Min(rows.Count, capacity) - 1; i >= 0; i--)
            {
                var row = rows[i];
                if (!ClosedSince(row))
                {
                    Upsert(row.Id, row.TrackingCode, row.Longitude!.Value, row.Latitude!.Value, row.ReportedAt, row.CategoryCode, row.Version);
                }
            }

            // Complete for every report after the first one left out (one with the same time may have been left out too).
            _completeAfter = rows.Count > capacity ? rows[capacity].ReportedAt : since.AddTicks(-1);
            _refreshedFrom = now;
            Volatile.Write(ref _lastRefreshTicks, now.UtcTicks);
            _loaded = true;
        }
    }

    private async Task RefreshAsync(FengqiaoDbContext db, DateTimeOffset now, IntakeOptions settings, CancellationToken cancellationToken)
    {
        var from = _refreshedFrom.AddMilliseconds(-settings.DuplicateIndexRefreshMarginMilliseconds);
        var rows = new List<Row>();
        await foreach (var row in Changed(db, from).WithCancellation(cancellationToken))
        {
            rows.Add(row);
        }

        var since = now.AddHours(-settings.DuplicateWindowHours);
        lock (_gate)
        {
            foreach (var row in rows)
            {
                if (ClosedSince(row) || (_byId.TryGetValue(row.Id, out var held) && held.Version > row.Version))
                {
                    continue; // read before a change this node has applied since
                }

                if (IsOpen(row.Status) && row.ReportedAt >= since)
                {
                    Upsert(row.Id, row.TrackingCode, row.Longitude!.Value, row.Latitude!.Value, row.ReportedAt, row.CategoryCode, row.Version);
                }
                else
                {
                    RemoveLocked(row.Id);
                }
            }

            // A snapshot older than the margin is not expected, so neither is a row older than these closings.
            ForgetClosingsBefore(from.AddMilliseconds(-settings.DuplicateIndexRefreshMarginMilliseconds));

            _refreshedFrom = now;
            Volatile.Write(ref _lastRefreshTicks, now.UtcTicks);
            EvictLocked(since);
        }
    }

    /// <summary>Located cases changed (or reported) since an instant: the refresh's one query, compiled once.</summary>
    private static readonly Func<FengqiaoDbContext, DateTimeOffset, IAsyncEnumerable<Row>> Changed =
        EF.CompileAsyncQuery((FengqiaoDbContext db, DateTimeOffset from) =>
            db.Set<Case>().IgnoreQueryFilters().AsNoTracking()
                .Where(c => c.UpdatedAt >= from && c.Longitude != null && c.Latitude != null)
                .Select(c => new Row(c.Id, c.TrackingCode, c.Longitude, c.Latitude, c.ReportedAt, c.CategoryCode, c.Status, c.Version)));

    private static bool IsOpen(CaseStatus status) => status is not (CaseStatus.Rejected or CaseStatus.Closed);

    private static int Cell(double degrees) => (int)Math.Floor(degrees / CellDegrees);

    /// <summary>Closings this node remembers before <see cref="Apply"/> trims them itself.</summary>
    private const int MaxRememberedClosings = 1024;

    /// <summary>This node's remembered closings (tests).</summary>
    internal int RememberedClosings
    {
        get
        {
            lock (_gate)
            {
                return _closed.Count;
            }
        }
    }

    private void ForgetClosingsBefore(DateTimeOffset instant)
    {
        foreach (var (id, closed) in _closed)
        {
            if (closed.At < instant)
            {
                _closed.Remove(id);
            }
        }
    }

    /// <summary>Whether this node closed or rejected the case after the state <paramref name="row"/> was read in.</summary>
    private bool ClosedSince(Row row) => _closed.TryGetValue(row.Id, out var closed) && closed.Version >= row.Version;

    private void Upsert(Guid id, string trackingCode, double longitude, double latitude, DateTimeOffset reportedAt, string? categoryCode, long version)
    {
        if (_byId.TryGetValue(id, out var existing))
        {
            if (version >= existing.Version)
            {
                // A case's place and report time never change; its category may, and with it the list that holds it.
                var moves = !MapCell.SameList(existing.CategoryCode, categoryCode);
                if (moves)
                {
                    RemoveFromCell(existing);
                }

                existing.CategoryCode = categoryCode;
                existing.Version = version;
                if (moves)
                {
                    AddToCell(existing);
                }
            }

            return;
        }

        _closed.Remove(id); // reopened
        var entry = new Entry(id, trackingCode, longitude, latitude, reportedAt) { CategoryCode = categoryCode, Version = version };
        _byId.Add(id, entry);
        AddToCell(entry);
        _order.Enqueue(entry);
    }

    private void AddToCell(Entry entry)
    {
        var key = (Cell(entry.Latitude), Cell(entry.Longitude));
        if (!_cells.TryGetValue(key, out var cell))
        {
            _cells[key] = cell = new MapCell();
        }

        cell.Add(entry);
    }

    private void RemoveFromCell(Entry entry)
    {
        var key = (Cell(entry.Latitude), Cell(entry.Longitude));
        var cell = _cells[key];
        if (cell.Remove(entry))
        {
            _cells.Remove(key);
        }
    }

    private void RemoveLocked(Guid id)
    {
        if (_byId.Remove(id, out var entry))
        {
            RemoveFromCell(entry);
        }
    }

    /// <summary>The report time of a list's entry at <paramref name="at"/>, or <see cref="long.MinValue"/> past its usable part.</summary>
    private static long Head(List<Slot> list, int at, long oldest) => at >= 0 && list[at].Ticks >= oldest ? list[at].Ticks : long.MinValue;

    /// <summary>
    /// Drops entries reported before the window, and the oldest beyond the capacity (the index is then complete only
    /// after the newest report time dropped). The queue is in insertion order, close to report order.
    /// </summary>
    private void EvictLocked(DateTimeOffset since)
    {
        var capacity = Math.Max(1, options.CurrentValue.DuplicateIndexCapacity);
        while (_order.TryPeek(out var oldest) && (oldest.ReportedAt < since || _byId.Count > capacity || !IsHeld(oldest)))
        {
            _order.Dequeue();
            if (!IsHeld(oldest))
            {
                continue; // removed earlier (closed, rejected)
            }

            RemoveLocked(oldest.Id);
            if (oldest.ReportedAt > _completeAfter)
            {
                _completeAfter = oldest.ReportedAt;
            }
        }

        // Entries removed out of order stay queued until they reach the front; rebuild when they are most of the queue.
        if (_order.Count > (2 * _byId.Count) + 1024)
        {
            var live = _order.Where(IsHeld).ToList();
            _order.Clear();
            foreach (var entry in live)
            {
                _order.Enqueue(entry);
            }
        }
    }

    public void Dispose() => _loading.Dispose();

    private bool IsHeld(Entry entry) => _byId.TryGetValue(entry.Id, out var held) && ReferenceEquals(held, entry);

    private sealed record Row(Guid Id, string TrackingCode, double? Longitude, double? Latitude, DateTimeOffset ReportedAt, string? CategoryCode, CaseStatus Status, long Version);

    /// <summary>
    /// The entries of one map cell, each list in report-time order: one per related-category key — the first three
    /// characters of the category code, as the duplicate check relates categories — and one for unclassified cases. A
    /// check then reads only the lists that can hold a candidate.
    /// </summary>
    private sealed class MapCell
    {
        /// <summary>How many leading characters of a category code key its list.</summary>
        public const int KeyLength = 3;

        private readonly Dictionary<string, List<Slot>> _byCategory = new(StringComparer.Ordinal);
        private readonly List<Slot> _unclassified = [];
        private int _count;

        /// <summary>Whether two category codes put a case in the same list.</summary>
        public static bool SameList(string? x, string? y) =>
            x is null || y is null ? x is null && y is null : Key(x).SequenceEqual(Key(y));

        public void Add(Entry entry)
        {
            var list = _unclassified;
            if (entry.CategoryCode is { } code)
            {
                var lookup = _byCategory.GetAlternateLookup<ReadOnlySpan<char>>();
                if (!lookup.TryGetValue(Key(code), out list))
                {
                    _byCategory[Key(code).ToString()] = list = [];
                }
            }

            // The node's own reports arrive in order; refreshed and loaded ones may not.
            var slot = new Slot(entry.Ticks, entry.Longitude, entry.Latitude, entry);
            if (list.Count == 0 || list[^1].Ticks <= entry.Ticks)
            {
                list.Add(slot);
            }
            else
            {
                var at = list.Count - 1;
                while (at > 0 && list[at - 1].Ticks > entry.Ticks)
                {
                    at--;
                }

                list.Insert(at, slot);
            }

            _count++;
        }

        /// <summary>Removes the entry; true when the cell is then empty.</summary>
        public bool Remove(Entry entry)
        {
            if (entry.CategoryCode is not { } code)
            {
                RemoveFrom(_unclassified, entry);
            }
            else
            {
                var lookup = _byCategory.GetAlternateLookup<ReadOnlySpan<char>>();
                if (lookup.TryGetValue(Key(code), out var list))
                {
                    RemoveFrom(list, entry);
                    if (list.Count == 0)
                    {
                        lookup.Remove(Key(code));
                    }
                }
            }

            return --_count == 0;
        }

        /// <summary>
        /// The lists that can hold a case related to <paramref name="related"/> (a category code prefix; null: any
        /// category): the unclassified cases and those whose category code can start with it.
        /// </summary>
        public void AddListsFor(string? related, List<List<Slot>> lists)
        {
            if (_unclassified.Count > 0)
            {
                lists.Add(_unclassified);
            }

            if (related is { Length: >= KeyLength })
            {
                if (_byCategory.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(Key(related), out var same))
                {
                    lists.Add(same);
                }

                return;
            }

            foreach (var (key, list) in _byCategory)
            {
                if (related is null || key.StartsWith(related, StringComparison.Ordinal))
                {
                    lists.Add(list);
                }
            }
        }

        private static void RemoveFrom(List<Slot> list, Entry entry)
        {
            var at = list.FindIndex(s => ReferenceEquals(s.Entry, entry));
            if (at >= 0)
            {
                list.RemoveAt(at);
            }
        }

        private static ReadOnlySpan<char> Key(string code) => code.AsSpan(0, Math.Min(KeyLength, code.Length));
    }

    /// <summary>
    /// An entry in a cell's list, with what a check compares inline: a check walks hundreds of them, and reading each
    /// entry's object from wherever it lies in memory cost more than everything else the check does.
    /// </summary>
    private readonly record struct Slot(long Ticks, double Longitude, double Latitude, Entry Entry);

    private sealed class Entry(Guid id, string trackingCode, double longitude, double latitude, DateTimeOffset reportedAt)
    {
        public Guid Id { get; } = id;

        public string TrackingCode { get; } = trackingCode;

        public double Longitude { get; } = longitude;

        public double Latitude { get; } = latitude;

        public DateTimeOffset ReportedAt { get; } = reportedAt;

        /// <summary><see cref="ReportedAt"/> in UTC ticks (compared in the merge of <see cref="Candidates"/>).</summary>
        public long Ticks { get; } = reportedAt.UtcTicks;

        public string? CategoryCode { get; set; }

        /// <summary>The case's <see cref="Case.Version"/> this entry reflects: an older read never overwrites it.</summary>
        public long Version { get; set; }
    }
}
