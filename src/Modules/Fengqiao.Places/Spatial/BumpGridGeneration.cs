using Fengqiao.Kernel.Data;
using Fengqiao.Kernel.Messaging;
using Fengqiao.Places.Grids;
using Microsoft.EntityFrameworkCore;

namespace Fengqiao.Places.Spatial;

/// <summary>
/// Raises the grid generation after grids changed. The outbox row that triggers it is written in the transaction of the
/// grid change, so every committed change raises the generation at least once; raising it twice only costs a rebuild.
/// </summary>
internal sealed class BumpGridGeneration(FengqiaoDbContext db) : IDomainEventHandler<GridsChanged>
{
    public Task HandleAsync(GridsChanged domainEvent, CancellationToken cancellationToken) => BumpAsync(db, cancellationToken);

    public static async Task BumpAsync(FengqiaoDbContext db, CancellationToken cancellationToken)
    {
        var raised = await db.Set<GridGeneration>()
            .Where(g => g.Id == GridGeneration.SingletonId)
            .ExecuteUpdateAsync(set => set.SetProperty(g => g.Value, g => g.Value + 1), cancellationToken);
        if (raised == 0)
        {
            throw new InvalidOperationException("places_grid_generation 缺少唯一的一行：请先运行数据库迁移。");
        }
    }
}
