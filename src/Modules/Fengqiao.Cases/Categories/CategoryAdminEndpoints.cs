using Fengqiao.Cases.Routing;
using Fengqiao.Kernel.Identity;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Fengqiao.Cases.Categories;

/// <summary>Administration added for the category and routing-rule pages: retire/restore a category, edit a rule, test by unit.</summary>
internal static class CategoryAdminEndpoints
{
    public static void MapCategoryAdministration(this IEndpointRouteBuilder api, string apiPolicy)
    {
        var admin = api.MapGroup("/cases").WithTags("事件配置 Case settings")
            .RequireAuthorization(apiPolicy)
            .RequireAuthorization(policy => policy.RequireRole([.. Roles.Staff]));
        admin.MapPost("/categories/{code}/retire", async (string code, ManageCategories categories, CancellationToken ct) =>
                TypedResults.Ok(await categories.SetActiveAsync(code, false, ct)))
            .WithSummary("停用类别（管理员）：不再受理新案件，已立案的案件不受影响；须先停用下级类别");
        admin.MapPost("/categories/{code}/restore", async (string code, ManageCategories categories, CancellationToken ct) =>
                TypedResults.Ok(await categories.SetActiveAsync(code, true, ct)))
            .WithSummary("恢复已停用的类别（管理员）");
        admin.MapPut("/routing-rules/{id:guid}", async (Guid id, CreateRoutingRuleRequest request, ManageRoutingRules rules, CancellationToken ct) =>
                TypedResults.Ok(await rules.UpdateAsync(id, request, ct)))
            .WithSummary("修改派遣规则（管理员）");
        admin.MapGet("/routing/test", async (string? category, string? unit, double? longitude, double? latitude, ManageRoutingRules rules, CancellationToken ct) =>
                TypedResults.Ok(await rules.PreviewAsync(category, unit, longitude, latitude, ct)))
            .WithSummary("试算（按单位或地图点）：适用哪条派遣规则、派给谁、时限多久");
    }
}
