namespace Fengqiao.Kernel.Identity;

/// <summary>
/// 职能部门: a functional department (城管, 住建, 环保 …) that disposes of cases assigned to it within the units it serves.
/// </summary>
public sealed class Department
{
    private Department()
    {
        Code = Name = "";
    }

    public Department(string code, string name)
    {
        Id = Guid.CreateVersion7();
        Code = code;
        Name = name;
    }

    public Guid Id { get; private set; }

    /// <summary>A short stable code, e.g. "cg" for 城管局; cases name the department by it.</summary>
    public string Code { get; private set; }

    public string Name { get; private set; }

    public List<DepartmentServedUnit> ServedUnits { get; private set; } = [];
}
