using Fengqiao.Mediation.Disputes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Fengqiao.Mediation.Committees;

internal static class CommitteeEndpoints
{
    public static void MapCommittees(this IEndpointRouteBuilder api, string apiPolicy)
    {
        var group = api.MapGroup("/mediation").WithTags("调解组织 Mediation committees")
            .RequireAuthorization(apiPolicy)
            .RequireAuthorization(policy => policy.RequireRole([.. Kernel.Identity.Roles.Staff]));
        var editors = ManageCommittees.EditorRoles.ToArray();

        group.MapGet("/committees", async (CommitteeKind? kind, string? unit, CommitteeQueries queries, CancellationToken ct) =>
                TypedResults.Ok(await queries.ListAsync(kind, unit, ct)))
            .WithSummary("辖区内的调解组织（kind 类别，unit 单位及其下级），含委员人数、女性委员人数、调解员人数");
        group.MapGet("/committees/{id:guid}", async (Guid id, CommitteeQueries queries, CancellationToken ct) =>
                TypedResults.Ok(await queries.GetAsync(id, ct)))
            .WithSummary("调解组织详情：成员（含擅长领域、证书、在办案件数）和矛调中心窗口");
        group.MapGet("/mediators", async (string? unit, DisputeType? expertise, CommitteeQueries queries, CancellationToken ct) =>
                TypedResults.Ok(await queries.MediatorsAsync(unit, expertise, ct)))
            .WithSummary("可承办案件的调解员（有账号的现任成员），按在办案件数从少到多");
        group.MapPost("/committees", async (CreateCommitteeRequest request, ManageCommittees handler, CancellationToken ct) =>
            {
                var created = await handler.CreateAsync(request, ct);
                return TypedResults.Created($"/api/v1/mediation/committees/{created.Id}", created);
            })
            .RequireAuthorization(policy => policy.RequireRole(editors))
            .WithSummary("登记调解组织（村、社区、乡镇、街道、企业、行业性专业性调委会或县级矛调中心），须设在相应层级的单位");
        group.MapPost("/committees/{id:guid}/members", async (Guid id, AddCommitteeMemberRequest request, ManageCommittees handler, CancellationToken ct) =>
            {
                var member = await handler.AddMemberAsync(id, request, ct);
                return TypedResults.Created($"/api/v1/mediation/committees/{id}", member);
            })
            .RequireAuthorization(policy => policy.RequireRole(editors))
            .WithSummary("增加委员或调解员；已成立的调委会不得超过九名委员、不得有两名主任（《人民调解法》第九条）");
        group.MapPost("/committees/{id:guid}/members/{memberId:guid}/end", async (Guid id, Guid memberId, EndCommitteeMemberRequest request, ManageCommittees handler, CancellationToken ct) =>
                TypedResults.Ok(await handler.EndMemberAsync(id, memberId, request, ct)))
            .RequireAuthorization(policy => policy.RequireRole(editors))
            .WithSummary("结束任职；已成立的调委会委员不得少于三人，且须有妇女委员");
        group.MapPost("/committees/{id:guid}/constitute", async (Guid id, ConstituteCommitteeRequest request, ManageCommittees handler, CancellationToken ct) =>
                TypedResults.Ok(await handler.ConstituteAsync(id, request, ct)))
            .RequireAuthorization(policy => policy.RequireRole(editors))
            .WithSummary("成立调委会：委员三至九人、有妇女委员、设主任一人（《人民调解法》第九条）");
        group.MapPost("/committees/{id:guid}/windows", async (Guid id, AddCentreWindowRequest request, ManageCommittees handler, CancellationToken ct) =>
            {
                var window = await handler.AddWindowAsync(id, request, ct);
                return TypedResults.Created($"/api/v1/mediation/committees/{id}", window);
            })
            .RequireAuthorization(policy => policy.RequireRole(editors))
            .WithSummary("矛调中心增设窗口（信访、劳动仲裁、诉讼服务、人民调解 …）");
    }
}
