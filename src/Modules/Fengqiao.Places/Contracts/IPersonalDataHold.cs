namespace Fengqiao.Places.Contracts;

/// <summary>
/// Implemented by modules that may still need a resident's personal data (an open case, a pending mediation …) and
/// registered with <c>services.AddScoped&lt;IPersonalDataHold, …&gt;()</c>. Erasure of a resident is refused while any
/// hold gives a reason.
/// </summary>
public interface IPersonalDataHold
{
    /// <summary>Why the resident's data must be kept (e.g. "矛盾纠纷 2026-0012 尚未办结"), or null when nothing needs it.</summary>
    Task<string?> ReasonToKeepAsync(Guid residentId, CancellationToken cancellationToken);
}
