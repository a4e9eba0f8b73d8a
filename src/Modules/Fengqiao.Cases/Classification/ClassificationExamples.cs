using Fengqiao.Kernel.Access;
using Fengqiao.Kernel.Audit;
using Fengqiao.Kernel.Data;
using Fengqiao.Kernel.Errors;
using Microsoft.EntityFrameworkCore;

namespace Fengqiao.Cases.Classification;

/// <summary>
/// The labelled texts the classifier learns from: staff corrections (纠正) recorded by intake and triage, and labelled
/// files imported by administrators. The next retrain includes every one of them.
/// </summary>
public sealed class ClassificationExamples(FengqiaoDbContext db, ICurrentActor actor, IAuditTrail audit, TimeProvider clock)
{
    public const string CorrectAction = "cases.classification.correct";
    public const string ImportAction = "cases.classification.import";

    /// <summary>
    /// Records that a report with this title and text belongs to <paramref name="categoryCodeOrName"/> — the label
    /// the classifier should have given (the same kind of label its training data uses: a category code or name).
    /// Commits at once with its audit entry; returns the example's id. Longer texts are cut to what the table keeps.
    /// </summary>
    public async Task<Guid> RecordCorrectionAsync(string title, string text, string categoryCodeOrName, CancellationToken cancellationToken = default)
    {
        var example = Create(title, text, categoryCodeOrName, ExampleSource.Correction);
        db.Add(example);
        audit.Record(CorrectAction, $"classification-example:{example.Id}", null, $"{example.Label}：{Shorten(example.Title.Length > 0 ? example.Title : example.Text)}");
        await db.SaveChangesAsync(cancellationToken);
        return example.Id;
    }

    /// <summary>Stores labelled examples from a file as imports; an identical title, text and label already stored is skipped.</summary>
    public async Task<(int Added, int Skipped)> ImportAsync(IReadOnlyList<LabelledExample> examples, CancellationToken cancellationToken = default)
    {
        var existing = (await db.Set<ClassificationExample>().AsNoTracking()
                .Select(e => new { e.Title, e.Text, e.Label })
                .ToListAsync(cancellationToken))
            .Select(e => (e.Title, e.Text, e.Label))
            .ToHashSet();
        var added = 0;
        foreach (var labelled in examples)
        {
            var example = Create(labelled.Title, labelled.Text, labelled.Label, ExampleSource.Import);
            if (existing.Add((example.Title, example.Text, example.Label)))
            {
                db.Add(example);
                added++;
            }
        }

        if (added > 0)
        {
            audit.Record(ImportAction, "classification-examples", null, $"导入 {added} 条标注样本");
            await db.SaveChangesAsync(cancellationToken);
        }

        return (added, examples.Count - added);
    }

    /// <summary>
    /// What a retrain learns from: one example per distinct title and text — the newest correction when staff corrected
    /// it, else the newest import — so a correction overrides an imported label for the same text.
    /// </summary>
    public async Task<IReadOnlyList<LabelledExample>> TrainingSetAsync(CancellationToken cancellationToken = default)
    {
        var rows = await db.Set<ClassificationExample>().AsNoTracking()
            .Select(e => new { e.Title, e.Text, e.Label, e.Source, e.CreatedAt, e.Id })
            .ToListAsync(cancellationToken);
        return
        [
            .. rows
                .GroupBy(r => (r.Title, r.Text))
                .Select(g => g.OrderByDescending(r => r.Source == ExampleSource.Correction).ThenByDescending(r => r.CreatedAt).ThenByDescending(r => r.Id).First())
                .OrderBy(r => r.Id)
                .Select(r => new LabelledExample(r.Title, r.Text, r.Label)),
        ];
    }

    /// <summary>Stored examples by source.</summary>
    public async Task<ExampleCounts> CountAsync(CancellationToken cancellationToken = default)
    {
        var counts = await db.Set<ClassificationExample>().AsNoTracking()
            .GroupBy(e => e.Source)
            .Select(g => new { g.Key, Count = g.Count() })
            .ToListAsync(cancellationToken);
        return new ExampleCounts(
            counts.Where(c => c.Key == ExampleSource.Import).Sum(c => c.Count),
            counts.Where(c => c.Key == ExampleSource.Correction).Sum(c => c.Count));
    }

    private ClassificationExample Create(string? title, string? text, string? label, ExampleSource source)
    {
        var cleanTitle = Cut((title ?? "").Trim(), ClassificationExample.MaxTitleLength);
        var cleanText = Cut((text ?? "").Trim(), ClassificationExample.MaxTextLength);
        var cleanLabel = (label ?? "").Trim();
        if (cleanTitle.Length == 0 && cleanText.Length == 0)
        {
            throw new ValidationFailedException("text", "样本的标题和正文不能都为空。");
        }

        if (cleanLabel.Length == 0)
        {
            throw new ValidationFailedException("category", "请给出正确的类别（类别代码或名称）。");
        }

        if (cleanLabel.Length > ClassificationExample.MaxLabelLength)
        {
            throw new ValidationFailedException("category", $"类别不能超过 {ClassificationExample.MaxLabelLength} 个字符。");
        }

        return new ClassificationExample(cleanTitle, cleanText, cleanLabel, source, clock.GetUtcNow(), actor.Name);
    }

    private static string Cut(string value, int length) => value.Length <= length ? value : value[..length];

    private static string Shorten(string text) => text.Length <= 30 ? text : text[..30] + "…";
}

/// <summary>How many stored examples came from imports and how many from staff corrections.</summary>
public sealed record ExampleCounts(int Imports, int Corrections);
