using BenchmarkDotNet.Attributes;
using Fengqiao.Places.Spatial;
using NetTopologySuite.Algorithm.Locate;
using NetTopologySuite.Geometries;
using NetTopologySuite.Index.Strtree;
using NetTopologySuite.IO;
using NetTopologySuite.Triangulate;
using Npgsql;

namespace Fengqiao.Bench;

/// <summary>
/// Point-to-grid location over 10,000 irregular grids (Voronoi cells over 宜兴's bounding box), as lookups per second
/// on one core. Baselines in the same run: NTS STRtree + IndexedPointInAreaLocator, and PostGIS ST_Contains set-based
/// (a join of 100,000 of the same points against the same polygons with a gist index) when PostgreSQL is reachable.
/// </summary>
public class GridLocationBenchmarks
{
    public const int Grids = 10_000;
    public const int Points = 1_000_000;
    public const int PostGisPoints = 100_000;

    private GridIndex _index = null!;
    private STRtree<(int Id, IndexedPointInAreaLocator Locator)> _tree = null!;
    private double[] _xs = [];
    private double[] _ys = [];
    private string? _adminConnection;
    private string? _database;
    private NpgsqlDataSource? _postgis;

    /// <summary>Voronoi cells of random sites, clipped to the envelope: an irregular tessellation without gaps.</summary>
    public static List<Polygon> Tessellation(int count, Envelope envelope, int seed)
    {
        var random = new Random(seed);
        var factory = new GeometryFactory(new PrecisionModel(), 4326);
        var sites = Enumerable.Range(0, count)
            .Select(_ => new Coordinate(envelope.MinX + (random.NextDouble() * envelope.Width), envelope.MinY + (random.NextDouble() * envelope.Height)))
            .ToList();
        var builder = new VoronoiDiagramBuilder { ClipEnvelope = envelope };
        builder.SetSites(sites);
        var clip = factory.ToGeometry(envelope);
        var cells = new List<Polygon>();
        foreach (var cell in builder.GetDiagram(factory).Geometries)
        {
            var clipped = cell.Intersection(clip);
            if (clipped is Polygon { IsEmpty: false } polygon)
            {
                polygon.SRID = 4326;
                cells.Add(polygon);
            }
        }

        return cells;
    }

    [GlobalSetup]
    public void Setup()
    {
        var envelope = new Envelope(119.5, 120.1, 31.1, 31.6);
        var cells = Tessellation(Grids, envelope, seed: 3202);
        var factory = new GeometryFactory(new PrecisionModel(), 4326);
        _index = new GridIndex([.. cells.Select((c, i) => ($"G{i:00000}", factory.CreateMultiPolygon([c])))]);
        _tree = new STRtree<(int, IndexedPointInAreaLocator)>();
        for (var i = 0; i < cells.Count; i++)
        {
            _tree.Insert(cells[i].EnvelopeInternal, (i, new IndexedPointInAreaLocator(cells[i])));
        }

        _tree.Build();
        var random = new Random(42);
        _xs = new double[Points];
        _ys = new double[Points];
        for (var i = 0; i < Points; i++)
        {
            _xs[i] = envelope.MinX + (random.NextDouble() * envelope.Width);
            _ys[i] = envelope.MinY + (random.NextDouble() * envelope.Height);
        }

        Console.WriteLine($"// {cells.Count} cells, {cells.Average(c => c.NumPoints):F1} vertices each; raster {_index.Raster}");
        SetUpPostGis(cells);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _postgis?.Dispose();
        if (_adminConnection is not null && _database is not null)
        {
            NpgsqlConnection.ClearAllPools();
            using var connection = new NpgsqlConnection(_adminConnection);
            connection.Open();
            using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {_database} WITH (FORCE)", connection);
            drop.ExecuteNonQuery();
        }
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Points)]
    public int StrTreeIndexedLocator()
    {
        var found = 0;
        var envelope = new Envelope();
        for (var i = 0; i < _xs.Length; i++)
        {
            var c = new Coordinate(_xs[i], _ys[i]);
            envelope.Init(c);
            foreach (var (id, locator) in _tree.Query(envelope))
            {
                if (locator.Locate(c) != Location.Exterior)
                {
                    found += id & 1;
                    break;
                }
            }
        }

        return found;
    }

    [Benchmark(OperationsPerInvoke = Points)]
    public int GridIndexLocate()
    {
        var found = 0;
        for (var i = 0; i < _xs.Length; i++)
        {
            found += _index.Locate(_xs[i], _ys[i]).Index & 1;
        }

        return found;
    }

    [Benchmark(OperationsPerInvoke = PostGisPoints)]
    public int PostGisContainsSetBased()
    {
        if (_postgis is null)
        {
            return 0;
        }

        using var command = _postgis.CreateCommand(
            "SELECT p.i, c.id FROM unnest($1::float8[], $2::float8[]) WITH ORDINALITY AS p(x, y, i) " +
            "JOIN bench_cells c ON ST_Contains(c.geom, ST_SetSRID(ST_MakePoint(p.x, p.y), 4326))");
        command.Parameters.Add(new NpgsqlParameter { Value = _xs[..PostGisPoints] });
        command.Parameters.Add(new NpgsqlParameter { Value = _ys[..PostGisPoints] });
        using var reader = command.ExecuteReader();
        var found = 0;
        while (reader.Read())
        {
            found += reader.GetInt32(1) & 1;
        }

        return found;
    }

    private void SetUpPostGis(List<Polygon> cells)
    {
        var admin = Environment.GetEnvironmentVariable("FENGQIAO_BENCH_PG") ?? "Host=127.0.0.1;Port=5432;Username=postgres;Password=postgres;Timeout=3";
        try
        {
            using (var connection = new NpgsqlConnection(admin))
            {
                connection.Open();
                _database = "fq_bench_grids_" + Guid.NewGuid().ToString("N")[..12];
                using var create = new NpgsqlCommand($"CREATE DATABASE {_database}", connection);
                create.ExecuteNonQuery();
                _adminConnection = admin;
            }

            _postgis = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(admin) { Database = _database, CommandTimeout = 600 }.ConnectionString);
            using (var command = _postgis.CreateCommand("CREATE EXTENSION IF NOT EXISTS postgis; CREATE TABLE bench_cells_wkb (id int, wkb bytea);"))
            {
                command.ExecuteNonQuery();
            }

            using (var connection = _postgis.OpenConnection())
            using (var import = connection.BeginBinaryImport("COPY bench_cells_wkb (id, wkb) FROM STDIN (FORMAT BINARY)"))
            {
                var writer = new WKBWriter();
                for (var i = 0; i < cells.Count; i++)
                {
                    import.StartRow();
                    import.Write(i);
                    import.Write(writer.Write(cells[i]));
                }

                import.Complete();
            }

            using (var command = _postgis.CreateCommand(
                "CREATE TABLE bench_cells AS SELECT id, ST_SetSRID(ST_GeomFromWKB(wkb), 4326)::geometry(Polygon, 4326) AS geom FROM bench_cells_wkb; " +
                "CREATE INDEX ON bench_cells USING gist (geom); ANALYZE bench_cells;"))
            {
                command.ExecuteNonQuery();
            }

            Console.WriteLine($"// PostGIS: {cells.Count} cells loaded into scratch database {_database} with a gist index");
        }
        catch (Exception ex) when (ex is NpgsqlException or System.Net.Sockets.SocketException or TimeoutException)
        {
            _postgis?.Dispose();
            _postgis = null;
            Console.WriteLine($"// PostgreSQL not reachable ({ex.Message}): the PostGIS baseline is skipped and reports nothing meaningful.");
        }
    }
}
