using Fengqiao.Kernel.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.ObjectPool;
using Microsoft.Extensions.Options;

namespace Fengqiao.Cases.Classification;

/// <summary>
/// The node-wide <see cref="ICaseClassifier"/>: serves the newest model of the <c>classifier_models</c> table, so
/// every web node answers alike. A cheap query (the newest row's id) tells when a newer model was stored; it is loaded
/// and swapped in with one reference write, so <see cref="Classify"/> never waits. ML.NET's PredictionEngine is not
/// thread-safe: each call borrows a predictor from a pool.
/// </summary>
public sealed class CaseClassifier(IServiceScopeFactory scopes, ILogger<CaseClassifier> logger) : ICaseClassifier, IDisposable
{
    private readonly SemaphoreSlim _refresh = new(1, 1);
    private volatile Loaded? _current;

    /// <summary>The id of the model in service on this node; null when none is loaded.</summary>
    public long? ModelId => _current?.Id;

    public CategorySuggestion Classify(string title, string text)
    {
        var loaded = _current;
        if (loaded is null)
        {
            return CategorySuggestion.None;
        }

        var predictor = loaded.Pool.Get();
        try
        {
            return predictor.Predict(title, text);
        }
        finally
        {
            loaded.Pool.Return(predictor);
        }
    }

    /// <summary>Loads the newest stored model when it is not the one in service; true when it switched.</summary>
    public async Task<bool> RefreshAsync(CancellationToken cancellationToken = default)
    {
        await _refresh.WaitAsync(cancellationToken);
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<FengqiaoDbContext>();
            var newest = await db.Set<ClassifierModelRecord>().AsNoTracking()
                .OrderByDescending(m => m.Id).Select(m => (long?)m.Id).FirstOrDefaultAsync(cancellationToken);
            if (newest is null || (_current is { } current && current.Id >= newest))
            {
                return false;
            }

            var bytes = await db.Set<ClassifierModelRecord>().AsNoTracking()
                .Where(m => m.Id == newest).Select(m => m.Bytes).SingleAsync(cancellationToken);
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            var classifier = await Task.Run(() => TrainedClassifier.FromBytes(bytes), cancellationToken);
            var switched = Use(newest.Value, classifier);
            logger.LogInformation("Classifier model {Id} loaded ({Labels} labels, {Features}) in {Elapsed}",
                newest, classifier.Labels.Count, classifier.Features.Name(), System.Diagnostics.Stopwatch.GetElapsedTime(started));
            return switched;
        }
        finally
        {
            _refresh.Release();
        }
    }

    /// <summary>Puts a model just stored by this node into service, unless a newer one already is.</summary>
    internal bool Use(long id, TrainedClassifier classifier)
    {
        var loaded = new Loaded(id, classifier);
        while (true)
        {
            var current = _current;
            if (current is not null && current.Id >= id)
            {
                return false;
            }

            if (Interlocked.CompareExchange(ref _current, loaded, current) == current)
            {
                return true;
            }
        }
    }

    public void Dispose() => _refresh.Dispose();

    private sealed class Loaded(long id, TrainedClassifier classifier)
    {
        public long Id { get; } = id;

        public ObjectPool<ClassifierPredictor> Pool { get; } =
            new DefaultObjectPool<ClassifierPredictor>(new PredictorPolicy(classifier), Environment.ProcessorCount * 4);
    }

    private sealed class PredictorPolicy(TrainedClassifier classifier) : IPooledObjectPolicy<ClassifierPredictor>
    {
        public ClassifierPredictor Create() => classifier.CreatePredictor();

        public bool Return(ClassifierPredictor obj) => true;
    }
}

/// <summary>Asks for a newer model every <see cref="ClassificationOptions.RefreshInterval"/>, starting at once.</summary>
internal sealed class ClassifierRefresher(CaseClassifier classifier, IOptions<ClassificationOptions> options, TimeProvider clock, ILogger<ClassifierRefresher> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await classifier.RefreshAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning(ex, "Classifier model check failed; the model in service stays");
            }

            try
            {
                await Task.Delay(options.Value.RefreshInterval, clock, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
