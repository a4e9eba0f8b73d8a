namespace Fengqiao.Kernel.Access;

/// <summary>
/// A record that belongs to a place in the administrative tree. Every query over such records is filtered to the
/// caller's jurisdiction by the kernel's DbContext, so no module can forget to do it.
/// </summary>
public interface IJurisdictional
{
    /// <summary>The materialised path of the unit the record belongs to, e.g. "/32/3202/320282/320282001/".</summary>
    string UnitPath { get; }
}
