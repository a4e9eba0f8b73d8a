using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace Fengqiao.Kernel.Data;

/// <summary>
/// Caches EF's model per set of modules as well as per context type. EF shares its internal services — the model
/// cache among them — between all contexts of the process configured alike, whatever application host they belong to;
/// keyed by type alone, the first host to build its model (say the command-line tool's, or a test's with the kernel
/// only) would hand it to hosts with other modules, whose migration check then fails.
/// </summary>
internal sealed class ModuleSetModelCacheKeyFactory : IModelCacheKeyFactory
{
    public object Create(DbContext context, bool designTime) =>
        context is FengqiaoDbContext fengqiao
            ? (context.GetType(), fengqiao.ModuleSet, designTime)
            : (context.GetType(), designTime);
}
