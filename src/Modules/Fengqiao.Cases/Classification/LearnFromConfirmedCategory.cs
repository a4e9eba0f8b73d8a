using Fengqiao.Cases.Categories;
using Fengqiao.Cases.Contracts;
using Fengqiao.Kernel.Messaging;

namespace Fengqiao.Cases.Classification;

/// <summary>
/// Every category a person chose for a case becomes a labelled example for the next retraining. The label is the
/// category's name when that name identifies it (as in the hotline training data), its code otherwise, so that one
/// category never appears under two labels.
/// </summary>
internal sealed class LearnFromConfirmedCategory(ClassificationExamples examples, CategoryCatalog catalog) : IDomainEventHandler<CaseCategoryConfirmed>
{
    public async Task HandleAsync(CaseCategoryConfirmed confirmed, CancellationToken cancellationToken)
    {
        var snapshot = await catalog.GetAsync(cancellationToken);
        var label = confirmed.CategoryName is { } name && snapshot.Resolve(name)?.Code == confirmed.CategoryCode ? name : confirmed.CategoryCode;
        await examples.RecordCorrectionAsync(confirmed.Title, confirmed.Text, label, cancellationToken);
    }
}
