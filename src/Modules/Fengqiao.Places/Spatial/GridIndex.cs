using NetTopologySuite.Geometries;

namespace Fengqiao.Places.Spatial;

/// <summary>
/// Where a point lies: inside a grid (<see cref="ContainingCode"/>), or outside every grid, with the nearest grid and the
/// distance to its boundary in metres. An index without grids answers outside with no nearest grid.
/// </summary>
public readonly record struct GridLocation(string? ContainingCode, string? NearestCode, double DistanceMetres, int Index)
{
    public bool IsInside => ContainingCode is not null;

    /// <summary>The containing grid, or the nearest one when the point lies outside every grid.</summary>
    public string? Code => ContainingCode ?? NearestCode;
}

/// <summary>
/// Point-to-grid location in memory (ADR 0009). Immutable and safe to share between threads.
/// <para>
/// A uniform raster over the grids' bounding box: each cell records either "inside grid i" (answered at once),
/// "outside every grid", or the short list of grids whose boundary crosses the cell, tested by a crossing-number
/// point-in-polygon over flat edge arrays. Points on a boundary count as inside (as <see cref="Geometry.Covers"/>);
/// a point on an edge shared by two grids goes to one of them, always the same. Where grids overlap (a dedicated grid
/// over basic grids), the grid earlier in the input list wins.
/// </para>
/// </summary>
public sealed class GridIndex
{
    /// <summary>Metres per degree of latitude, and of longitude at the equator (local equirectangular projection).</summary>
    public const double MetresPerDegreeLatitude = 110_574;

    public const double MetresPerDegreeLongitude = 111_320;

    private const int Empty = -1;

    /// <summary>Distances below this (metres) are "on the boundary".</summary>
    private const double OnBoundary = 1e-6;

    private readonly string[] _codes;

    // Per grid: rings [_ringStart[g], _ringStart[g + 1]); per ring: vertices [_vertexStart[r], _vertexStart[r + 1]), closed.
    private readonly int[] _ringStart;
    private readonly int[] _vertexStart;
    private readonly double[] _x;
    private readonly double[] _y;

    // Raster: cell value >= 0: inside that grid; -1: outside every grid; <= -2: candidate list at offset -(value + 2)
    // in _lists, laid out as [count, entry…]; an entry >= 0 is a grid to test, an entry < 0 (~g) a grid containing the
    // whole cell. Entries are sorted by grid order.
    private readonly int[] _cells;
    private readonly int[] _lists;
    private readonly double _minX;
    private readonly double _minY;
    private readonly double _cellWidth;
    private readonly double _cellHeight;
    private readonly double _inverseCellWidth;
    private readonly double _inverseCellHeight;
    private readonly int _columns;
    private readonly int _rows;

    /// <summary>Builds the index; the order of <paramref name="grids"/> decides which of overlapping grids wins.</summary>
    /// <param name="grids">Codes with their boundaries in WGS84 (longitude, latitude).</param>
    /// <param name="cellsPerGrid">Raster cells per grid on average; more cells answer more points without a polygon test.</param>
    public GridIndex(IReadOnlyList<(string Code, MultiPolygon Boundary)> grids, double cellsPerGrid = 64)
    {
        ArgumentNullException.ThrowIfNull(grids);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(cellsPerGrid);
        Count = grids.Count;
        _codes = new string[grids.Count];
        _ringStart = new int[grids.Count + 1];
        var vertexStart = new List<int>();
        var xs = new List<double>();
        var ys = new List<double>();
        var envelopes = new Envelope[grids.Count];
        var all = new Envelope();
        for (var g = 0; g < grids.Count; g++)
        {
            var (code, boundary) = grids[g];
            _codes[g] = code;
            _ringStart[g] = vertexStart.Count;
            foreach (var polygon in boundary.Geometries.Cast<Polygon>())
            {
                AddRing(polygon.ExteriorRing);
                foreach (var hole in polygon.InteriorRings)
                {
                    AddRing(hole);
                }
            }

            envelopes[g] = boundary.EnvelopeInternal;
            all.ExpandToInclude(envelopes[g]);
        }

        _ringStart[grids.Count] = vertexStart.Count;
        vertexStart.Add(xs.Count);
        _vertexStart = [.. vertexStart];
        _x = [.. xs];
        _y = [.. ys];

        if (grids.Count == 0)
        {
            _cells = [Empty];
            _lists = [];
            _columns = _rows = 1;
            _cellWidth = _cellHeight = _inverseCellWidth = _inverseCellHeight = 1;
            return;
        }

        // Square-ish cells in metres, about cellsPerGrid of them per grid.
        var aspect = Math.Cos(all.Centre.Y * Math.PI / 180) * MetresPerDegreeLongitude / MetresPerDegreeLatitude;
        var width = Math.Max(all.Width, 1e-9);
        var height = Math.Max(all.Height, 1e-9);
        var target = Math.Clamp(grids.Count * cellsPerGrid, 1, 8_000_000);
        var cellMetres = Math.Sqrt(width * aspect * height / target);
        _columns = Math.Clamp((int)Math.Ceiling(width * aspect / cellMetres), 1, 8192);
        _rows = Math.Clamp((int)Math.Ceiling(height / cellMetres), 1, 8192);
        _minX = all.MinX;
        _minY = all.MinY;
        _cellWidth = width / _columns;
        _cellHeight = height / _rows;
        _inverseCellWidth = 1 / _cellWidth;
        _inverseCellHeight = 1 / _cellHeight;
        (_cells, _lists) = Rasterise(envelopes);

        void AddRing(LineString ring)
        {
            vertexStart.Add(xs.Count);
            foreach (var c in ring.Coordinates)
            {
                xs.Add(c.X);
                ys.Add(c.Y);
            }
        }
    }

    public int Count { get; }

    public string Code(int index) => _codes[index];

    /// <summary>Raster size, for diagnostics and the benchmark notes.</summary>
    public (int Columns, int Rows, int ListEntries) Raster => (_columns, _rows, _lists.Length);

    /// <summary>Locates a WGS84 point.</summary>
    public GridLocation Locate(double longitude, double latitude)
    {
        if (!(longitude is >= -180 and <= 180 && latitude is >= -90 and <= 90))
        {
            throw new ArgumentOutOfRangeException(nameof(longitude), "经纬度必须是 WGS84 有效数值（经度 -180~180，纬度 -90~90）。");
        }

        var column = (int)Math.Floor((longitude - _minX) * _inverseCellWidth);
        var row = (int)Math.Floor((latitude - _minY) * _inverseCellHeight);
        if ((uint)column < (uint)_columns && (uint)row < (uint)_rows)
        {
            var cell = _cells[(row * _columns) + column];
            if (cell >= 0)
            {
                return new GridLocation(_codes[cell], null, 0, cell);
            }

            if (cell != Empty)
            {
                var offset = -(cell + 2);
                var end = offset + 1 + _lists[offset];
                for (var i = offset + 1; i < end; i++)
                {
                    var entry = _lists[i];
                    if (entry < 0)
                    {
                        return new GridLocation(_codes[~entry], null, 0, ~entry);
                    }

                    if (Contains(entry, longitude, latitude))
                    {
                        return new GridLocation(_codes[entry], null, 0, entry);
                    }
                }
            }
        }

        return Nearest(longitude, latitude);
    }

    /// <summary>Even-odd crossing test over every ring of the grid (shells and holes of all its polygons).</summary>
    private bool Contains(int grid, double x, double y)
    {
        var inside = false;
        var xs = _x;
        var ys = _y;
        for (var r = _ringStart[grid]; r < _ringStart[grid + 1]; r++)
        {
            var last = _vertexStart[r + 1] - 1;
            for (var j = _vertexStart[r]; j < last; j++)
            {
                var y1 = ys[j];
                var y2 = ys[j + 1];
                if ((y1 > y) != (y2 > y))
                {
                    var x1 = xs[j];
                    if (x < x1 + ((y - y1) * (xs[j + 1] - x1) / (y2 - y1)))
                    {
                        inside = !inside;
                    }
                }
            }
        }

        return inside;
    }

    /// <summary>
    /// Outside every grid by the crossing test: searches rings of cells outward for the nearest grid boundary, in metres
    /// of a local equirectangular projection around the point. A point on a boundary (distance 0) is inside that grid.
    /// </summary>
    private GridLocation Nearest(double longitude, double latitude)
    {
        if (Count == 0)
        {
            return new GridLocation(null, null, double.PositiveInfinity, -1);
        }

        var kx = Math.Cos(latitude * Math.PI / 180) * MetresPerDegreeLongitude;
        const double ky = MetresPerDegreeLatitude;
        var cellMetres = Math.Min(_cellWidth * kx, _cellHeight * ky);
        var best = double.PositiveInfinity;
        var bestGrid = -1;

        // Rings of cells around the point's cell (which may lie off the raster), from the first ring reaching the raster.
        var column = (int)Math.Clamp(Math.Floor((longitude - _minX) * _inverseCellWidth), -1e7, 1e7);
        var row = (int)Math.Clamp(Math.Floor((latitude - _minY) * _inverseCellHeight), -1e7, 1e7);
        var startRing = Math.Max(0, Math.Max(Math.Max(-column, column - (_columns - 1)), Math.Max(-row, row - (_rows - 1))));
        var maxRing = startRing + _columns + _rows;
        for (var ring = startRing; ring <= maxRing; ring++)
        {
            if (bestGrid >= 0 && (ring - 1) * cellMetres > best)
            {
                break;
            }

            var left = Math.Max(column - ring, 0);
            var right = Math.Min(column + ring, _columns - 1);
            for (var r = Math.Max(row - ring, 0); r <= Math.Min(row + ring, _rows - 1); r++)
            {
                if (r == row - ring || r == row + ring)
                {
                    for (var c = left; c <= right; c++)
                    {
                        Visit(_cells[(r * _columns) + c]);
                    }
                }
                else
                {
                    if (column - ring >= 0 && column - ring < _columns)
                    {
                        Visit(_cells[(r * _columns) + column - ring]);
                    }

                    if (ring > 0 && column + ring >= 0 && column + ring < _columns)
                    {
                        Visit(_cells[(r * _columns) + column + ring]);
                    }
                }
            }
        }

        if (best <= OnBoundary)
        {
            return new GridLocation(_codes[bestGrid], null, 0, bestGrid);
        }

        return new GridLocation(null, _codes[bestGrid], best, bestGrid);

        void Visit(int cell)
        {
            if (cell >= Empty)
            {
                // Inside one grid with no boundary in the cell, or empty: no grid boundary to measure to here.
                return;
            }

            var offset = -(cell + 2);
            var end = offset + 1 + _lists[offset];
            for (var i = offset + 1; i < end; i++)
            {
                var grid = _lists[i];
                if (grid < 0)
                {
                    continue;
                }

                var distance = DistanceToBoundary(grid, longitude, latitude, kx, ky);
                if (distance < best || (distance == best && grid < bestGrid)
                    || (distance <= OnBoundary && best <= OnBoundary && grid < bestGrid))
                {
                    best = distance;
                    bestGrid = grid;
                }
            }
        }
    }

    private double DistanceToBoundary(int grid, double longitude, double latitude, double kx, double ky)
    {
        var best = double.PositiveInfinity;
        for (var r = _ringStart[grid]; r < _ringStart[grid + 1]; r++)
        {
            var last = _vertexStart[r + 1] - 1;
            for (var j = _vertexStart[r]; j < last; j++)
            {
                var ax = (_x[j] - longitude) * kx;
                var ay = (_y[j] - latitude) * ky;
                var bx = (_x[j + 1] - longitude) * kx;
                var by = (_y[j + 1] - latitude) * ky;
                var dx = bx - ax;
                var dy = by - ay;
                var lengthSquared = (dx * dx) + (dy * dy);
                var t = lengthSquared == 0 ? 0 : Math.Clamp(-((ax * dx) + (ay * dy)) / lengthSquared, 0, 1);
                var px = ax + (t * dx);
                var py = ay + (t * dy);
                var squared = (px * px) + (py * py);
                if (ax == 0 && ay == 0)
                {
                    squared = 0;
                }

                best = Math.Min(best, squared);
            }
        }

        return Math.Sqrt(best);
    }

    private (int[] Cells, int[] Lists) Rasterise(Envelope[] envelopes)
    {
        var cellCount = _columns * _rows;
        // Per cell the grids touching it: (cell << 32) | (grid << 1) | fullyInside.
        var pairs = new List<long>();
        var touched = new HashSet<int>();
        var padX = _cellWidth * 1e-6;
        var padY = _cellHeight * 1e-6;
        for (var g = 0; g < envelopes.Length; g++)
        {
            var e = envelopes[g];
            var c0 = ColumnOf(e.MinX - padX);
            var c1 = ColumnOf(e.MaxX + padX);
            var r0 = RowOf(e.MinY - padY);
            var r1 = RowOf(e.MaxY + padY);

            // Cells a boundary edge passes through (closed, slightly enlarged cells: conservative).
            touched.Clear();
            for (var ring = _ringStart[g]; ring < _ringStart[g + 1]; ring++)
            {
                var last = _vertexStart[ring + 1] - 1;
                for (var j = _vertexStart[ring]; j < last; j++)
                {
                    MarkEdge(_x[j], _y[j], _x[j + 1], _y[j + 1], touched, padX, padY);
                }
            }

            for (var r = r0; r <= r1; r++)
            {
                for (var c = c0; c <= c1; c++)
                {
                    var cell = (r * _columns) + c;
                    if (touched.Contains(cell))
                    {
                        pairs.Add(((long)cell << 32) | ((long)g << 1));
                    }
                    else if (Contains(g, _minX + ((c + 0.5) * _cellWidth), _minY + ((r + 0.5) * _cellHeight)))
                    {
                        pairs.Add(((long)cell << 32) | ((long)g << 1) | 1);
                    }
                }
            }
        }

        pairs.Sort();
        var cells = new int[cellCount];
        Array.Fill(cells, Empty);
        var lists = new List<int>();
        var i = 0;
        while (i < pairs.Count)
        {
            var cell = (int)(pairs[i] >> 32);
            var j = i;
            while (j < pairs.Count && (int)(pairs[j] >> 32) == cell)
            {
                j++;
            }

            var first = pairs[i];
            if ((first & 1) == 1)
            {
                cells[cell] = (int)((first & 0xFFFF_FFFF) >> 1);
            }
            else
            {
                cells[cell] = -(lists.Count + 2);
                lists.Add(0);
                var countAt = lists.Count - 1;
                for (var k = i; k < j; k++)
                {
                    var grid = (int)((pairs[k] & 0xFFFF_FFFF) >> 1);
                    var whole = (pairs[k] & 1) == 1;
                    lists.Add(whole ? ~grid : grid);
                    lists[countAt]++;
                    if (whole)
                    {
                        break; // later grids in the list can never win here
                    }
                }
            }

            i = j;
        }

        return (cells, [.. lists]);
    }

    private int ColumnOf(double x) => Math.Clamp((int)Math.Floor((x - _minX) * _inverseCellWidth), 0, _columns - 1);

    private int RowOf(double y) => Math.Clamp((int)Math.Floor((y - _minY) * _inverseCellHeight), 0, _rows - 1);

    /// <summary>Adds the cells whose (padded, closed) rectangle the segment touches: bounding boxes overlap, and the
    /// cell's corners are not all strictly on one side of the segment's line.</summary>
    private void MarkEdge(double x1, double y1, double x2, double y2, HashSet<int> touched, double padX, double padY)
    {
        var c0 = ColumnOf(Math.Min(x1, x2) - padX);
        var c1 = ColumnOf(Math.Max(x1, x2) + padX);
        var r0 = RowOf(Math.Min(y1, y2) - padY);
        var r1 = RowOf(Math.Max(y1, y2) + padY);
        var dx = x2 - x1;
        var dy = y2 - y1;
        for (var r = r0; r <= r1; r++)
        {
            var bottom = _minY + (r * _cellHeight) - padY;
            var top = _minY + ((r + 1) * _cellHeight) + padY;
            for (var c = c0; c <= c1; c++)
            {
                var left = _minX + (c * _cellWidth) - padX;
                var right = _minX + ((c + 1) * _cellWidth) + padX;
                var s1 = Math.Sign((dx * (bottom - y1)) - (dy * (left - x1)));
                var s2 = Math.Sign((dx * (bottom - y1)) - (dy * (right - x1)));
                var s3 = Math.Sign((dx * (top - y1)) - (dy * (left - x1)));
                var s4 = Math.Sign((dx * (top - y1)) - (dy * (right - x1)));
                if (!((s1 > 0 && s2 > 0 && s3 > 0 && s4 > 0) || (s1 < 0 && s2 < 0 && s3 < 0 && s4 < 0)))
                {
                    touched.Add((r * _columns) + c);
                }
            }
        }
    }
}
