using Microsoft.AspNetCore.Identity;

namespace Fengqiao.Kernel.Identity;

public sealed class FengqiaoRole : IdentityRole<Guid>
{
    public FengqiaoRole()
    {
        Id = Guid.CreateVersion7();
    }

    public FengqiaoRole(string name) : this()
    {
        Name = name;
        NormalizedName = name.ToUpperInvariant();
    }
}
