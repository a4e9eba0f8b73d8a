using Fengqiao.Kernel.Access;
using Fengqiao.Kernel.Audit;
using Fengqiao.Kernel.Data;
using Fengqiao.Kernel.Errors;
using Microsoft.EntityFrameworkCore;

namespace Fengqiao.Web.Platform.Units;

/// <summary>
/// 更新公示信息: staff of a unit (or above it) update its public card. A unit outside the caller's jurisdiction
/// is "not found", exactly as if it did not exist.
/// </summary>
internal sealed class UpdatePublicCard(FengqiaoDbContext db, ICurrentActor actor, IAuditTrail audit)
{
    public async Task<long> HandleAsync(string code, UpdatePublicCardRequest request, CancellationToken cancellationToken)
    {
        if (!UnitQueries.CanEditPublicCard(actor))
        {
            throw new ForbiddenException("只有网格员、社区工作者、街道工作人员和管理员可以修改公示信息。");
        }

        if (request.Version is null)
        {
            // Without it a stale editor would silently overwrite a newer card.
            throw new ValidationFailedException("version", "请提供 version：开始编辑时读到的版本号。");
        }

        var unit = await db.Units.SingleOrDefaultAsync(u => u.Code == code, cancellationToken)
            ?? throw new NotFoundException($"单位 {code}");
        if (unit.Version != request.Version)
        {
            throw new ConflictException($"“{unit.Name}”的公示信息已被他人修改（当前版本 {unit.Version}），请刷新后再改。");
        }

        unit.UpdatePublicCard(request.DutyPhone, request.ServiceHours, request.PublicNotice);
        audit.Record("units.update-public-card", $"unit:{unit.Code}", unit.Path, $"值班电话={unit.DutyPhone}；服务时间={unit.ServiceHours}");
        await db.SaveChangesAsync(cancellationToken);
        return unit.Version;
    }
}
