using System.Text.Json;
using Fengqiao.Kernel.Access;
using Fengqiao.Kernel.Audit;
using Fengqiao.Kernel.Data;
using Microsoft.EntityFrameworkCore;

namespace Fengqiao.Cases.Classification;

/// <summary>A stored model as the API and the CLI show it (without its bytes).</summary>
public sealed record ClassifierModelInfo(
    long Id, DateTimeOffset CreatedAt, string CreatedBy, int TrainedOn, IReadOnlyList<string> Labels, string Features, int SizeBytes, ClassifierMetrics? Metrics);

/// <summary>The <c>classifier_models</c> table: stores trained models and reads the current (newest) one.</summary>
public sealed class ClassifierModels(FengqiaoDbContext db, ICurrentActor actor, IAuditTrail audit, TimeProvider clock, CaseClassifier classifier)
{
    public const string StoreAction = "cases.classifier.store";

    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Stores the model as the newest; this node switches to it at once, the others at their next check.</summary>
    public async Task<ClassifierModelInfo> StoreAsync(TrainedClassifier trained, ClassifierMetrics metrics, CancellationToken cancellationToken = default)
    {
        var record = new ClassifierModelRecord(
            clock.GetUtcNow(),
            actor.Name,
            trained.TrainedOn,
            JsonSerializer.Serialize(trained.Labels, Json),
            trained.Features.Name(),
            JsonSerializer.Serialize(metrics, Json),
            trained.ToBytes());
        // The audit entry names the row, so it is written once the row has its number — in the same transaction.
        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            db.Add(record);
            await db.SaveChangesAsync(cancellationToken);
            audit.Record(StoreAction, $"classifier-model:{record.Id}", null,
                $"{trained.TrainedOn} 条样本，{trained.Labels.Count} 个类别，特征 {trained.Features.Name()}"
                + (metrics.CrossValidation is { } cv ? FormattableString.Invariant($"，{cv.Folds} 折交叉验证 macro-F1 {cv.MeanMacroF1:F3} ± {cv.StdMacroF1:F3}") : ""));
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        classifier.Use(record.Id, trained);
        return Info(record);
    }

    /// <summary>The newest model's description, or null before any model is stored.</summary>
    public async Task<ClassifierModelInfo?> CurrentAsync(CancellationToken cancellationToken = default)
    {
        var record = await db.Set<ClassifierModelRecord>().AsNoTracking()
            .OrderByDescending(m => m.Id)
            .Select(m => new { m.Id, m.CreatedAt, m.CreatedBy, m.TrainedOn, m.Labels, m.Features, m.Metrics, Size = m.Bytes.Length })
            .FirstOrDefaultAsync(cancellationToken);
        return record is null
            ? null
            : new ClassifierModelInfo(record.Id, record.CreatedAt, record.CreatedBy, record.TrainedOn, Labels(record.Labels), record.Features, record.Size, Metrics(record.Metrics));
    }

    private static ClassifierModelInfo Info(ClassifierModelRecord record) =>
        new(record.Id, record.CreatedAt, record.CreatedBy, record.TrainedOn, Labels(record.Labels), record.Features, record.Bytes.Length, Metrics(record.Metrics));

    private static string[] Labels(string json) => JsonSerializer.Deserialize<string[]>(json, Json) ?? [];

    private static ClassifierMetrics? Metrics(string json)
    {
        try
        {
            return JsonSerializer.Deserialize<ClassifierMetrics>(json, Json);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
