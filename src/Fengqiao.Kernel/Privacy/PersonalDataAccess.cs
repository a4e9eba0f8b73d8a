using Fengqiao.Kernel.Access;
using Fengqiao.Kernel.Audit;
using Fengqiao.Kernel.Data;
using Fengqiao.Kernel.Errors;

namespace Fengqiao.Kernel.Privacy;

/// <summary>One protected value of one record, as the audit log names it.</summary>
/// <param name="RecordType">e.g. "resident".</param>
/// <param name="RecordId">The record's identifier.</param>
/// <param name="Field">The encrypted column, as passed to <see cref="PersonalDataProtector.Encrypt"/>.</param>
/// <param name="UnitPath">Path of the unit the record belongs to; the audit entry is filed under it.</param>
public sealed record PersonalDataItem(string RecordType, string RecordId, string Field, string UnitPath)
{
    public string Target => $"{RecordType}:{RecordId}";
}

/// <summary>
/// The one way to see a protected value unmasked (PIPL): the caller must hold one of the permitted roles, reach the
/// record's unit and state a purpose; the reveal is written to the audit log and committed before the value is
/// returned, so no value is ever shown that the log does not know about. A refusal is logged as Denied.
/// </summary>
public sealed class PersonalDataAccess
{
    public const string RevealAction = "personal-data.reveal";

    private readonly ICurrentActor _actor;
    private readonly IAuditTrail _audit;
    private readonly FengqiaoDbContext _db;
    private readonly PersonalDataProtector _protector;

    internal PersonalDataAccess(ICurrentActor actor, IAuditTrail audit, FengqiaoDbContext db, PersonalDataProtector protector)
    {
        _actor = actor;
        _audit = audit;
        _db = db;
        _protector = protector;
    }

    /// <summary>
    /// Decrypts <paramref name="ciphertext"/> for <paramref name="item"/> after recording why. Throws
    /// <see cref="ForbiddenException"/> without the role or outside the caller's jurisdiction, and
    /// <see cref="ValidationFailedException"/> without a purpose; either way a Denied entry is written and nothing is returned.
    /// </summary>
    public async Task<string> RevealAsync(
        PersonalDataItem item, string ciphertext, string? purpose, IReadOnlyCollection<string> permittedRoles, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(item);
        var stated = purpose?.Trim() ?? "";
        var mayReveal = new ActorMayRevealPersonalData(_actor, permittedRoles, item.UnitPath);
        if (mayReveal.IsBroken())
        {
            await RefuseAsync(item, $"字段：{item.Field}；拒绝：{mayReveal.Message}；所述目的：{Shorten(stated)}", cancellationToken);
            throw new ForbiddenException(mayReveal.Message);
        }

        var purposeStated = new RevealPurposeMustBeStated(stated);
        if (purposeStated.IsBroken())
        {
            await RefuseAsync(item, $"字段：{item.Field}；拒绝：{purposeStated.Message}", cancellationToken);
            throw new ValidationFailedException("purpose", purposeStated.Message);
        }

        if (_db.ChangeTracker.HasChanges())
        {
            // The reveal commits its own entry; it must not commit someone else's half-finished change with it.
            throw new InvalidOperationException("查看个人信息须在没有未保存更改的工作单元中进行。");
        }

        // Decrypted first, so a damaged value fails before anything is logged as seen; returned only after the commit.
        var plaintext = _protector.Decrypt(item.Field, ciphertext);
        _audit.Record(RevealAction, item.Target, item.UnitPath, $"字段：{item.Field}；目的：{stated}");
        await _db.SaveChangesAsync(cancellationToken);
        return plaintext;
    }

    private Task RefuseAsync(PersonalDataItem item, string detail, CancellationToken cancellationToken) =>
        _audit.RecordRefusalAsync(RevealAction, item.Target, AuditOutcome.Denied, detail, item.UnitPath, cancellationToken);

    private static string Shorten(string text) => text.Length <= 200 ? text : text[..200];
}

/// <summary>Only the named roles may see a protected value unmasked, and only within their jurisdiction.</summary>
internal sealed class ActorMayRevealPersonalData(ICurrentActor actor, IReadOnlyCollection<string> permittedRoles, string unitPath) : IBusinessRule
{
    public string Message => !actor.IsAuthenticated || !permittedRoles.Any(actor.IsInRole)
        ? "您没有查看完整个人信息的权限。"
        : "该记录不在您的管辖范围内，不能查看完整个人信息。";

    public bool IsBroken() => !actor.IsAuthenticated || !permittedRoles.Any(actor.IsInRole) || !actor.Scope.Covers(unitPath);
}

/// <summary>查看完整个人信息须说明用途：4 到 200 字。</summary>
internal sealed class RevealPurposeMustBeStated(string purpose) : IBusinessRule
{
    public const int MinLength = 4;
    public const int MaxLength = 200;

    public string Message => purpose.Length == 0
        ? "查看完整个人信息须说明用途。"
        : $"用途说明应为 {MinLength} 到 {MaxLength} 字，当前为 {purpose.Length} 字。";

    public bool IsBroken() => purpose.Length is < MinLength or > MaxLength;
}
