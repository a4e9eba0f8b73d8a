namespace Fengqiao.Kernel.Data;

/// <summary>
/// Reference data a module needs in every installation (not demo data), e.g. the event category tree. Run after each
/// migration, as the system actor; must be idempotent and must never overwrite what administrators changed.
/// </summary>
public interface IReferenceDataSeeder
{
    Task SeedAsync(CancellationToken cancellationToken);
}
