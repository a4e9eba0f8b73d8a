using System.Security.Claims;
using Fengqiao.Kernel.Identity;
using Fengqiao.Kernel.Units;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Fengqiao.Kernel.Access;

/// <summary>
/// The scoped <see cref="ICurrentActor"/>. The host sets the principal once per request (or Blazor circuit); the
/// jurisdiction is then read from the database, so a membership removed by an administrator takes effect at once.
/// </summary>
internal sealed class CurrentActor(IServiceScopeFactory scopes) : ICurrentActor
{
    private ClaimsPrincipal _principal = new(new ClaimsIdentity());
    private bool _isSystem;
    private AccessScope? _scope;
    private IReadOnlyList<string> _unitCodes = [];

    public Guid? UserId => Guid.TryParse(_principal.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : null;

    public string Name => _isSystem ? "system" : _principal.Identity?.Name ?? "anonymous";

    public IReadOnlyList<string> Roles => _isSystem ? [Identity.Roles.Administrator] : [.. _principal.FindAll(ClaimTypes.Role).Select(claim => claim.Value)];

    public IReadOnlyList<string> UnitCodes
    {
        get
        {
            EnsureScope();
            return _unitCodes;
        }
    }

    public string? IpAddress { get; private set; }

    public bool IsAuthenticated => _isSystem || _principal.Identity?.IsAuthenticated == true;

    /// <summary>The claim in which Identity carries the account's security stamp.</summary>
    public const string SecurityStampClaimType = "AspNet.Identity.SecurityStamp";

    /// <summary>
    /// The principal names an account that is disabled or gone, or was issued before its security stamp changed. Known after <see cref="LoadAsync"/>; a bearer token
    /// stays valid until it expires, so the host must refuse it on this.
    /// </summary>
    public bool IsAccountClosed { get; private set; }

    public AccessScope Scope
    {
        get
        {
            EnsureScope();
            return _scope!;
        }
    }

    public bool IsInRole(string role) => _isSystem || _principal.IsInRole(role);

    /// <summary>Acts for a person (or an anonymous visitor when the principal is not authenticated).</summary>
    public void Set(ClaimsPrincipal principal, string? ipAddress)
    {
        _principal = principal;
        IpAddress = ipAddress;
        _isSystem = false;
        _scope = null;
        IsAccountClosed = false;
    }

    /// <summary>Acts as the same caller as <paramref name="other"/> (a new scope for one operation of a long-lived circuit).</summary>
    public void CopyFrom(CurrentActor other)
    {
        _principal = other._principal;
        IpAddress = other.IpAddress;
        _isSystem = other._isSystem;
        _scope = null;
        IsAccountClosed = false;
        if (_isSystem)
        {
            SetSystem();
        }
    }

    /// <summary>Acts as the system: CLI commands, start-up seeding, background dispatch.</summary>
    public void SetSystem()
    {
        _isSystem = true;
        _scope = AccessScope.System;
        _unitCodes = [];
        IsAccountClosed = false;
    }

    /// <summary>Loads the jurisdiction ahead of first use so that query filters never block on I/O.</summary>
    public async Task LoadAsync(CancellationToken cancellationToken = default)
    {
        if (_scope is not null)
        {
            return;
        }

        (_scope, _unitCodes) = await LoadScopeAsync(cancellationToken);
    }

    private void EnsureScope()
    {
        if (_scope is null)
        {
            (_scope, _unitCodes) = LoadScopeAsync(CancellationToken.None).GetAwaiter().GetResult();
        }
    }

    private async Task<(AccessScope, IReadOnlyList<string>)> LoadScopeAsync(CancellationToken cancellationToken)
    {
        if (UserId is not { } userId)
        {
            return (AccessScope.None, []);
        }

        // A separate scope with the system actor: the lookup itself must not be filtered by the scope it computes.
        await using var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentActor>().SetSystem();
        var db = scope.ServiceProvider.GetRequiredService<Data.FengqiaoDbContext>();

        var user = await db.Users.AsNoTracking()
            .Where(u => u.Id == userId && !u.IsDisabled)
            .Select(u => new { u.DepartmentId, u.SecurityStamp })
            .SingleOrDefaultAsync(cancellationToken);
        // A principal minted before the account's security stamp changed (password changed, roles or units changed,
        // account disabled) no longer speaks for the account.
        var stamp = _principal.FindFirstValue(SecurityStampClaimType);
        if (user is null || (stamp is not null && stamp != user.SecurityStamp))
        {
            IsAccountClosed = true;
            return (AccessScope.None, []);
        }

        var units = await db.Set<UserUnit>().AsNoTracking()
            .Where(m => m.UserId == userId)
            .Join(db.Set<AdministrativeUnit>(), m => m.UnitId, u => u.Id, (m, u) => new { u.Code, u.Path })
            .ToListAsync(cancellationToken);

        var departments = new List<(string, string)>();
        if (user.DepartmentId is { } departmentId && _principal.IsInRole(Identity.Roles.DepartmentHandler))
        {
            var served = await db.Set<Department>().AsNoTracking()
                .Where(d => d.Id == departmentId)
                .SelectMany(d => d.ServedUnits)
                .Join(db.Set<AdministrativeUnit>(), s => s.UnitId, u => u.Id, (s, u) => u.Path)
                .ToListAsync(cancellationToken);
            var code = await db.Set<Department>().Where(d => d.Id == departmentId).Select(d => d.Code).SingleAsync(cancellationToken);
            departments.AddRange(served.Select(path => (code, path)));
        }

        // A department handler reaches what is assigned to the department, not everything in the units they sit in.
        var reachesSubtrees = Identity.Roles.Staff.Any(role => role != Identity.Roles.DepartmentHandler && _principal.IsInRole(role));
        var paths = reachesSubtrees ? units.Select(u => u.Path) : [];
        return (AccessScope.For(paths, departments), [.. units.Select(u => u.Code).Order(StringComparer.Ordinal)]);
    }
}
