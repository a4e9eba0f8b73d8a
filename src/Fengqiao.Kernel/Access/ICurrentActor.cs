namespace Fengqiao.Kernel.Access;

/// <summary>Who is acting now: a signed-in person, an anonymous visitor, or the system itself.</summary>
public interface ICurrentActor
{
    Guid? UserId { get; }

    /// <summary>User name, or "anonymous" / "system".</summary>
    string Name { get; }

    IReadOnlyList<string> Roles { get; }

    /// <summary>Codes of the units the person belongs to (empty for residents and visitors).</summary>
    IReadOnlyList<string> UnitCodes { get; }

    /// <summary>Where the request came from, for the audit log.</summary>
    string? IpAddress { get; }

    AccessScope Scope { get; }

    bool IsAuthenticated { get; }

    bool IsInRole(string role);
}
