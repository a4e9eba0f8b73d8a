using Fengqiao.Kernel.Data;
using Fengqiao.Mediation.Disputes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Fengqiao.Mediation.Risk;

/// <summary>
/// 风险研判: rates a dispute on intake and on every change. Each rule that fires gives a level and a reason; the case
/// takes the highest, and two separate high-level findings together (e.g. a group dispute with threats) make it critical.
/// Repeats are found across the whole installation through blind indexes, whatever the caller's jurisdiction.
/// </summary>
public sealed class RiskAssessor(FengqiaoDbContext db, IOptionsMonitor<RiskOptions> options, TimeProvider clock)
{
    /// <summary>In the reason of a threat of violence: the statistics count resolved cases bearing it as 民转刑 prevented.</summary>
    public const string CrimeRiskMarker = "民转刑风险";

    /// <summary>In the reason of a threat of self-harm: counted with <see cref="CrimeRiskMarker"/> as escalation prevented.</summary>
    public const string ExtremeActMarker = "极端行为风险";

    public async Task<RiskAssessment> AssessAsync(MediationCase dispute, CancellationToken cancellationToken)
    {
        var settings = options.CurrentValue;
        var findings = new List<(RiskLevel Level, string Reason)>();
        if (dispute.PeopleInvolved >= settings.MassDisputePeople)
        {
            findings.Add((RiskLevel.Critical, $"重大群体性纠纷：涉及 {dispute.PeopleInvolved} 人（≥ {settings.MassDisputePeople} 人）"));
        }
        else if (dispute.PeopleInvolved >= settings.GroupDisputePeople)
        {
            findings.Add((RiskLevel.High, $"群体性纠纷：涉及 {dispute.PeopleInvolved} 人（≥ {settings.GroupDisputePeople} 人）"));
        }

        var text = dispute.Title + "\n" + dispute.Facts + "\n" + dispute.Claims;
        var violence = settings.ViolenceWords.Where(w => w.Length > 0 && text.Contains(w, StringComparison.Ordinal)).ToList();
        if (violence.Count > 0)
        {
            findings.Add((RiskLevel.High, $"有暴力威胁言语（{string.Join("、", violence)}），存在{CrimeRiskMarker}"));
        }

        var selfHarm = settings.SelfHarmWords.Where(w => w.Length > 0 && text.Contains(w, StringComparison.Ordinal)).ToList();
        if (selfHarm.Count > 0)
        {
            findings.Add((RiskLevel.High, $"有自伤自残言语（{string.Join("、", selfHarm)}），存在{ExtremeActMarker}"));
        }

        if (dispute.Parties.FirstOrDefault(p => p.IsVulnerable) is { } vulnerable)
        {
            findings.Add((RiskLevel.Medium, $"当事人属弱势群体（{vulnerable.NameMasked}{(vulnerable.Vulnerability is { } why ? "：" + why : "")}）"));
        }

        if (dispute.Source == DisputeSource.ReferralPetitionOffice)
        {
            findings.Add((RiskLevel.Medium, "有信访史：由信访部门委托移送"));
        }

        var since = clock.GetUtcNow().AddDays(-settings.RepeatWindowDays);
        var repeatedParties = await RepeatedPartiesAsync(dispute, since, cancellationToken);
        if (repeatedParties > 0)
        {
            findings.Add((RiskLevel.Medium, $"同一当事人 {settings.RepeatWindowDays} 天内已有 {repeatedParties} 起纠纷"));
        }

        if (dispute.Address is { Length: > 0 } address)
        {
            // This query reads cases only, so lifting the filters lifts no other entity's.
            var atAddress = await db.Set<MediationCase>().IgnoreQueryFilters()
                .CountAsync(c => c.Id != dispute.Id && c.Address == address && c.CreatedAt >= since, cancellationToken);
            if (atAddress > 0)
            {
                findings.Add((RiskLevel.Medium, $"同一地址 {settings.RepeatWindowDays} 天内已有 {atAddress} 起纠纷"));
            }
        }

        if (findings.Count == 0)
        {
            return new RiskAssessment(RiskLevel.Low, []);
        }

        var level = findings.Max(f => f.Level);
        if (level == RiskLevel.High && findings.Count(f => f.Level == RiskLevel.High) >= 2)
        {
            level = RiskLevel.Critical;
        }

        return new RiskAssessment(level, [.. findings.OrderByDescending(f => f.Level).Select(f => f.Reason)]);
    }

    /// <summary>Other cases sharing a party (by identity number, or by name when both sides are the same) with this one.</summary>
    private async Task<int> RepeatedPartiesAsync(MediationCase dispute, DateTimeOffset since, CancellationToken cancellationToken)
    {
        var identities = dispute.Parties.Where(p => p.IdentityNumberIndex != null).Select(p => p.IdentityNumberIndex!).ToList();
        var names = dispute.Parties.Select(p => p.NameIndex).ToList();
        if (names.Count == 0)
        {
            return 0;
        }

        // Parties only in this query (filters lifted for parties alone); the case dates are read separately.
        var matches = await db.Set<DisputeParty>().IgnoreQueryFilters()
            .Where(p => p.CaseId != dispute.Id && (identities.Contains(p.IdentityNumberIndex!) || names.Contains(p.NameIndex)))
            .Select(p => new { p.CaseId, p.NameIndex, p.IdentityNumberIndex })
            .ToListAsync(cancellationToken);
        // A repeat is another case where an identity number matches, or where at least two of this case's parties appear by name.
        var caseIds = matches.GroupBy(m => m.CaseId)
            .Where(g => g.Any(m => m.IdentityNumberIndex is not null && identities.Contains(m.IdentityNumberIndex))
                || g.Select(m => m.NameIndex).Distinct().Count() >= Math.Min(2, names.Distinct().Count()))
            .Select(g => g.Key)
            .ToList();
        if (caseIds.Count == 0)
        {
            return 0;
        }

        return await db.Set<MediationCase>().IgnoreQueryFilters().CountAsync(c => caseIds.Contains(c.Id) && c.CreatedAt >= since, cancellationToken);
    }
}
