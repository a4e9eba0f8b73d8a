using Microsoft.AspNetCore.Identity;

namespace Fengqiao.Kernel.Identity;

/// <summary>A person who signs in: staff act within the units they belong to; residents act for themselves.</summary>
public sealed class FengqiaoUser : IdentityUser<Guid>
{
    public FengqiaoUser()
    {
        Id = Guid.CreateVersion7();
        SecurityStamp = Guid.NewGuid().ToString();
    }

    /// <summary>The name shown to colleagues (e.g. 张晓燕); personal data, kept to what work needs.</summary>
    public string DisplayName { get; set; } = "";

    /// <summary>For department handlers: the functional department (职能部门) they work for.</summary>
    public Guid? DepartmentId { get; set; }

    /// <summary>"zh-CN" or "en"; null follows the browser.</summary>
    public string? PreferredCulture { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public bool IsDisabled { get; set; }

    public List<UserUnit> Units { get; set; } = [];
}
