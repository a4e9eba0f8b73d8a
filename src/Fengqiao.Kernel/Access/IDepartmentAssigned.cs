namespace Fengqiao.Kernel.Access;

/// <summary>
/// A jurisdictional record that can also be assigned to a functional department; handlers of that department reach it
/// when it lies within the units their department serves.
/// </summary>
public interface IDepartmentAssigned : IJurisdictional
{
    /// <summary>The <see cref="Identity.Department.Code"/> of the assigned department, or null.</summary>
    string? AssignedDepartmentCode { get; }
}
