using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Fengqiao.Places.Organisations;

internal static class OrganisationEndpoints
{
    public static void MapOrganisations(this IEndpointRouteBuilder api, string apiPolicy)
    {
        var group = api.MapGroup("/places/organisations").WithTags("组织 Organisations")
            .RequireAuthorization(apiPolicy)
            .RequireAuthorization(policy => policy.RequireRole([.. Kernel.Identity.Roles.Staff]));
        var editors = ManageOrganisations.EditorRoles.ToArray();

        group.MapGet("/", async (OrganisationKind? kind, string? unit, int? page, int? pageSize, OrganisationQueries queries, CancellationToken ct) =>
                TypedResults.Ok(await queries.ListAsync(kind, unit, page, pageSize, ct)))
            .WithSummary("辖区内的组织（kind 类别，unit 单位及其下级；page、pageSize 分页），含现任成员数");
        group.MapGet("/tree", async (string? unit, OrganisationQueries queries, CancellationToken ct) =>
                TypedResults.Ok(await queries.PartyTreeAsync(unit, ct)))
            .WithSummary("单位的党组织树：党委/党总支 → 党支部 → 党小组");
        group.MapGet("/{id:guid}", async (Guid id, OrganisationQueries queries, CancellationToken ct) =>
                TypedResults.Ok(await queries.GetAsync(id, ct)))
            .WithSummary("组织详情和成员（电话已脱敏）");
        group.MapPost("/", async (CreateOrganisationRequest request, ManageOrganisations handler, CancellationToken ct) =>
            {
                var created = await handler.CreateAsync(request, ct);
                return TypedResults.Created($"/api/v1/places/organisations/{created.Id}", created);
            })
            .RequireAuthorization(policy => policy.RequireRole(editors))
            .WithSummary("登记组织（社区工作者、街道工作人员、管理员）；党组织须挂在更高级别的党组织下，一个社区只有一个居委会和一个事务工作站");
        group.MapPost("/{id:guid}/members", async (Guid id, AddMemberRequest request, ManageOrganisations handler, CancellationToken ct) =>
            {
                var member = await handler.AddMemberAsync(id, request, ct);
                return TypedResults.Created($"/api/v1/places/organisations/{id}", member);
            })
            .RequireAuthorization(policy => policy.RequireRole(editors))
            .WithSummary("增加成员或联系人（电话加密保存）");
        group.MapPost("/{id:guid}/members/{memberId:guid}/end", async (Guid id, Guid memberId, EndMemberRequest request, ManageOrganisations handler, CancellationToken ct) =>
                TypedResults.Ok(await handler.EndMemberAsync(id, memberId, request, ct)))
            .RequireAuthorization(policy => policy.RequireRole(editors))
            .WithSummary("结束任职");
    }
}
