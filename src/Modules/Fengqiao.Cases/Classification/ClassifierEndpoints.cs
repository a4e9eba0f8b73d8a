using Fengqiao.Kernel.Identity;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;

namespace Fengqiao.Cases.Classification;

/// <summary>The current model and the stored examples (GET), and a retrain (POST); administrators only.</summary>
public sealed record ClassifierStatus(ClassifierModelInfo? Model, long? ModelInServiceOnThisNode, double Threshold, ExampleCounts Examples);

/// <summary>Body of a retrain request: folds of the cross-validation (0 = none; default from configuration).</summary>
public sealed record RetrainRequest(int? Folds);

internal static class ClassifierEndpoints
{
    public static void MapClassifier(this IEndpointRouteBuilder api, string apiPolicy)
    {
        var group = api.MapGroup("/cases/classifier").WithTags("事件分类 Classifier")
            .RequireAuthorization(apiPolicy)
            .RequireAuthorization(policy => policy.RequireRole(Roles.Administrator));
        group.MapGet("/", async (ClassifierModels models, ClassificationExamples examples, CaseClassifier classifier, IOptions<ClassificationOptions> options, CancellationToken ct) =>
                TypedResults.Ok(new ClassifierStatus(await models.CurrentAsync(ct), classifier.ModelId, options.Value.Threshold, await examples.CountAsync(ct))))
            .WithSummary("当前分类模型：训练样本数、类别、特征集、交叉验证指标；置信度阈值；已存样本数（导入/纠正）");
        group.MapPost("/retrain", async (RetrainRequest? request, RetrainClassifier retrain, CancellationToken ct) =>
                TypedResults.Ok(await retrain.RetrainAsync(request?.Folds, ct)))
            .WithSummary("用已存样本（导入和工作人员纠正）重新训练并交叉验证，存为当前模型；各节点随后换用");
    }
}
