using Fengqiao.Kernel.Access;
using Fengqiao.Kernel.Audit;
using Fengqiao.Kernel.Data;
using Fengqiao.Kernel.Errors;
using Fengqiao.Kernel.Identity;
using Fengqiao.Kernel.Units;
using Microsoft.EntityFrameworkCore;

namespace Fengqiao.Cases.Open311;

/// <summary>接入方管理: administrators create Open311 clients (the key is shown once), list them and revoke them.</summary>
public sealed class ManageApiClients(FengqiaoDbContext db, ICurrentActor actor, IAuditTrail audit, TimeProvider clock)
{
    public async Task<ApiClientCreated> CreateAsync(CreateApiClientRequest request, CancellationToken ct)
    {
        EnsureAdministrator();
        var errors = new Dictionary<string, string[]>();
        var name = request.Name?.Trim() ?? "";
        if (name.Length == 0)
        {
            errors["name"] = ["请填写接入方名称。"];
        }
        else if (name.Length > ApiClient.MaxNameLength)
        {
            errors["name"] = [$"接入方名称不能超过 {ApiClient.MaxNameLength} 个字。"];
        }

        var unitCode = string.IsNullOrWhiteSpace(request.UnitCode) ? null : request.UnitCode.Trim();
        string? unitPath = null;
        if (unitCode is not null)
        {
            var unit = await db.Units.AsNoTracking().Where(u => u.Code == unitCode && !u.IsRetired).Select(u => new { u.Path, u.Level }).SingleOrDefaultAsync(ct);
            if (unit is not { Level: UnitLevel.Grid or UnitLevel.Community })
            {
                errors["unitCode"] = [$"“{unitCode}”不是辖区内有效的社区或网格编码（只有地址、没有坐标的上报将归入该单位）。"];
            }

            unitPath = unit?.Path;
        }

        if (errors.Count > 0)
        {
            throw new ValidationFailedException(errors);
        }

        var (client, key) = ApiClient.Create(name, unitCode, actor.Name, clock.GetUtcNow());
        db.Add(client);
        audit.Record("cases.api-client.create", client.KeyPrefix, unitPath, $"接入方 {name}");
        await db.SaveChangesAsync(ct);
        return new ApiClientCreated(View(client), key);
    }

    public async Task<IReadOnlyList<ApiClientView>> ListAsync(CancellationToken ct)
    {
        EnsureAdministrator();
        var clients = await db.Set<ApiClient>().AsNoTracking().OrderBy(c => c.CreatedAt).ToListAsync(ct);
        return [.. clients.Select(View)];
    }

    public async Task RevokeAsync(Guid id, CancellationToken ct)
    {
        EnsureAdministrator();
        var client = await db.Set<ApiClient>().SingleOrDefaultAsync(c => c.Id == id, ct) ?? throw new NotFoundException("该接入方");
        client.Revoke(clock.GetUtcNow());
        audit.Record("cases.api-client.revoke", client.KeyPrefix, null, $"接入方 {client.Name}");
        await db.SaveChangesAsync(ct);
    }

    /// <summary>The active client holding <paramref name="key"/>, or null.</summary>
    public async Task<ApiClient?> AuthenticateAsync(string? key, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(key) || key.Length < ApiClient.PrefixLength || key.Length > 200)
        {
            return null;
        }

        var prefix = key[..ApiClient.PrefixLength];
        var candidates = await db.Set<ApiClient>().Where(c => c.KeyPrefix == prefix && c.IsActive).ToListAsync(ct);
        return candidates.FirstOrDefault(c => c.Matches(key));
    }

    private void EnsureAdministrator()
    {
        if (!actor.IsInRole(Roles.Administrator))
        {
            throw new ForbiddenException("只有系统管理员可以管理 Open311 接入方。");
        }
    }

    private static ApiClientView View(ApiClient c) => new(c.Id, c.Name, c.KeyPrefix, c.DefaultUnitCode, c.IsActive, c.CreatedBy, c.CreatedAt, c.RevokedAt, c.LastUsedAt);
}

public sealed record CreateApiClientRequest(string? Name, string? UnitCode);

/// <summary>An Open311 client as administrators see it: never the key, only its first characters.</summary>
public sealed record ApiClientView(Guid Id, string Name, string KeyPrefix, string? DefaultUnitCode, bool IsActive, string CreatedBy, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt, DateTimeOffset? LastUsedAt);

/// <summary>The new client and its key, shown this once.</summary>
public sealed record ApiClientCreated(ApiClientView Client, string ApiKey);
