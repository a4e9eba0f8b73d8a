namespace Fengqiao.Kernel.Access;

/// <summary>Authorization policy names shared by the host and the modules' endpoints.</summary>
public static class Policies
{
    /// <summary>The REST API: bearer tokens only (the host defines it), so a browser's cookie can never be replayed cross-site.</summary>
    public const string ApiPolicy = "api";
}
