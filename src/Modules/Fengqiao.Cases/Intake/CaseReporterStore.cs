using Fengqiao.Cases.Domain;
using Fengqiao.Kernel.Data;
using Fengqiao.Kernel.Privacy;
using Microsoft.EntityFrameworkCore;

namespace Fengqiao.Cases.Intake;

/// <summary>Reporters' encrypted names and phones, for key rotation (<c>fengqiao privacy rotate-keys</c>).</summary>
internal sealed class CaseReporterStore(FengqiaoDbContext db) : IPersonalDataStore
{
    public string Name => "事件上报人";

    public async Task<IReadOnlyList<ProtectedRow>> ReadBatchAsync(string? afterKey, int maxRows, CancellationToken cancellationToken)
    {
        // Rotation walks every row whatever the caller's jurisdiction; this query reads cases only.
        var cases = db.Set<Case>().IgnoreQueryFilters().AsNoTracking().Where(c => c.ReporterNameCipher != null || c.ReporterPhoneCipher != null);
        if (afterKey is not null)
        {
            var after = Guid.Parse(afterKey);
            cases = cases.Where(c => c.Id.CompareTo(after) > 0);
        }

        var rows = await cases.OrderBy(c => c.Id).Take(maxRows).Select(c => new { c.Id, c.ReporterNameCipher, c.ReporterPhoneCipher }).ToListAsync(cancellationToken);
        return [.. rows.Select(r =>
        {
            var values = new Dictionary<string, string>();
            if (r.ReporterNameCipher is not null)
            {
                values[ReportCase.ReporterNameField] = r.ReporterNameCipher;
            }

            if (r.ReporterPhoneCipher is not null)
            {
                values[ReportCase.ReporterPhoneField] = r.ReporterPhoneCipher;
            }

            return new ProtectedRow(r.Id.ToString(), values);
        })];
    }

    public async Task WriteBatchAsync(IReadOnlyList<ProtectedRow> rows, CancellationToken cancellationToken)
    {
        var ids = rows.Select(r => Guid.Parse(r.Key)).ToList();
        var cases = await db.Set<Case>().IgnoreQueryFilters().Where(c => ids.Contains(c.Id)).ToDictionaryAsync(c => c.Id, cancellationToken);
        foreach (var row in rows)
        {
            if (cases.TryGetValue(Guid.Parse(row.Key), out var c))
            {
                c.ReplaceReporterCiphers(
                    row.Values.GetValueOrDefault(ReportCase.ReporterNameField, c.ReporterNameCipher!),
                    row.Values.GetValueOrDefault(ReportCase.ReporterPhoneField, c.ReporterPhoneCipher!));
            }
        }

        await db.SaveChangesAsync(cancellationToken);
    }
}
