using Fengqiao.Kernel.Access;
using Fengqiao.Places.People.Spreadsheets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Fengqiao.Places.People;

internal static class PeopleEndpoints
{
    public static void MapPeopleApi(this IEndpointRouteBuilder api)
    {
        var places = api.MapGroup("/places").WithTags("实有人口 People").RequireAuthorization(Policies.ApiPolicy);

        places.MapPost("/grids/{code}/buildings", async (string code, CreateBuildingRequest request, BuildingRegister register, CancellationToken ct) =>
            {
                var building = await register.CreateBuildingAsync(code, request, ct);
                return TypedResults.Created($"/api/v1/places/buildings/{building.Id}", building);
            })
            .RequireAuthorization(policy => policy.RequireRole(PeopleRoles.Manage))
            .WithSummary("在网格内登记实有房屋（路/巷/小区、幢、单元数、WGS84 坐标）");
        places.MapGet("/grids/{code}/buildings", async (string code, BuildingRegister register, CancellationToken ct) =>
                TypedResults.Ok(await register.ListBuildingsAsync(code, ct)))
            .RequireAuthorization(policy => policy.RequireRole(PeopleRoles.Read))
            .WithSummary("网格内的实有房屋");
        places.MapPost("/buildings/{id:guid}/households", async (Guid id, CreateHouseholdRequest request, BuildingRegister register, CancellationToken ct) =>
                TypedResults.Ok(await register.CreateHouseholdAsync(id, request, ct)))
            .RequireAuthorization(policy => policy.RequireRole(PeopleRoles.Manage))
            .WithSummary("在楼栋内登记一户（单元-室）");
        places.MapGet("/buildings/{id:guid}/households", async (Guid id, BuildingRegister register, CancellationToken ct) =>
                TypedResults.Ok(await register.ListHouseholdsAsync(id, ct)))
            .RequireAuthorization(policy => policy.RequireRole(PeopleRoles.Read))
            .WithSummary("楼栋内的户");

        places.MapPost("/residents", async (RegisterResidentRequest request, RegisterResident handler, CancellationToken ct) =>
            {
                var resident = await handler.HandleAsync(request, ct);
                return TypedResults.Created($"/api/v1/places/residents/{resident.Id}", resident);
            })
            .RequireAuthorization(policy => policy.RequireRole(PeopleRoles.Manage))
            .WithSummary("登记实有人口（全部校验通过才写入；身份证号码重复时返回 409）");
        places.MapGet("/grids/{code}/residents", async (string code, int? page, int? pageSize, ResidentQueries queries, CancellationToken ct) =>
                TypedResults.Ok(await queries.ListInGridAsync(code, page, pageSize, ct)))
            .RequireAuthorization(policy => policy.RequireRole(PeopleRoles.Read))
            .WithSummary("网格内的居民（脱敏，分页）");
        places.MapGet("/households/{id:guid}/residents", async (Guid id, int? page, int? pageSize, ResidentQueries queries, CancellationToken ct) =>
                TypedResults.Ok(await queries.ListInHouseholdAsync(id, page, pageSize, ct)))
            .RequireAuthorization(policy => policy.RequireRole(PeopleRoles.Read))
            .WithSummary("一户的成员（脱敏，分页）");
        places.MapGet("/residents/search", async (string? name, string? identityNumber, int? page, int? pageSize, ResidentQueries queries, CancellationToken ct) =>
                TypedResults.Ok(await queries.SearchAsync(name, identityNumber, page, pageSize, ct)))
            .RequireAuthorization(policy => policy.RequireRole(PeopleRoles.Read))
            .WithSummary("按姓名前缀或身份证号码（精确）查找居民，结果脱敏");
        places.MapGet("/residents/{id:guid}", async (Guid id, ResidentQueries queries, CancellationToken ct) =>
                TypedResults.Ok(await queries.GetAsync(id, ct)))
            .RequireAuthorization(policy => policy.RequireRole(PeopleRoles.Read))
            .WithSummary("居民（脱敏）");
        places.MapPut("/residents/{id:guid}", async (Guid id, UpdateResidentRequest request, ResidentRecords records, CancellationToken ct) =>
                TypedResults.Ok(await records.UpdateAsync(id, request, ct)))
            .RequireAuthorization(policy => policy.RequireRole(PeopleRoles.Manage))
            .WithSummary("修改居民的电话、人口类型、户籍地或特殊人群标签");
        places.MapPut("/residents/{id:guid}/account", async (Guid id, LinkAccountRequest request, ResidentRecords records, CancellationToken ct) =>
            {
                await records.LinkAccountAsync(id, request, ct);
                return TypedResults.NoContent();
            })
            .RequireAuthorization(policy => policy.RequireRole(PeopleRoles.LinkAccount))
            .WithSummary("把居民关联到其本人的账号（userName 为空则解除）");
        places.MapPost("/residents/{id:guid}/reveal", async (Guid id, RevealRequest request, ResidentRecords records, CancellationToken ct) =>
                TypedResults.Ok(await records.RevealAsync(id, request, ct)))
            .RequireAuthorization(policy => policy.RequireRole(PeopleRoles.Reveal))
            .WithSummary("查看完整的身份证号码或电话（field=identityNumber|phone，须说明 purpose；每次查看都记入审计日志）");
        places.MapGet("/residents/{id:guid}/export", async (Guid id, ResidentRecords records, CancellationToken ct) =>
                TypedResults.Ok(await records.ExportAsync(id, ct)))
            .RequireAuthorization(policy => policy.RequireRole(Kernel.Identity.Roles.Administrator))
            .WithSummary("导出居民的全部个人信息（管理员；记入审计日志）");
        places.MapDelete("/residents/{id:guid}", async (Guid id, ResidentRecords records, CancellationToken ct) =>
            {
                await records.EraseAsync(id, ct);
                return TypedResults.NoContent();
            })
            .RequireAuthorization(policy => policy.RequireRole(Kernel.Identity.Roles.Administrator))
            .WithSummary("删除居民的个人信息（管理员；仍有未办结事项需要时返回 409 和原因）");
        places.MapResidentSheets();

        api.MapGet("/me/personal-data", async (MyPersonalData handler, CancellationToken ct) => TypedResults.Ok(await handler.GetAsync(ct)))
            .RequireAuthorization(Policies.ApiPolicy)
            .WithTags("实有人口 People")
            .WithSummary("本人：平台保存的我的个人信息，以及谁在何时因何查看过");
    }
}
