using Microsoft.EntityFrameworkCore;

namespace Fengqiao.Kernel.Data;

/// <summary>
/// A module's contribution to the one shared model: its entity configurations. Modules refer to each other's rows by
/// id only; no navigation or foreign key crosses a module boundary (ADR 0002).
/// </summary>
public interface IModuleModel
{
    void Build(ModelBuilder modelBuilder, DatabaseProvider provider);
}
