using Fengqiao.Kernel.Data;
using Microsoft.EntityFrameworkCore;

namespace Fengqiao.Kernel.Audit;

/// <summary>Walks the whole chain in sequence order and reports every edited, inserted or deleted entry.</summary>
public sealed class AuditChainVerifier(FengqiaoDbContext db)
{
    private const int BatchSize = 2000;

    /// <summary>Checks every entry; <paramref name="progress"/> receives the number checked so far, for long chains.</summary>
    public async Task<AuditVerification> VerifyAsync(IProgress<long>? progress = null, CancellationToken cancellationToken = default)
    {
        var problems = new List<AuditProblem>();
        var expectedSequence = 1L;
        var previousHash = "";
        var checkedCount = 0L;
        var lastSequence = 0L;

        while (true)
        {
            var batch = await db.AuditEntries.IgnoreQueryFilters().AsNoTracking()
                .Where(e => e.Sequence > lastSequence)
                .OrderBy(e => e.Sequence)
                .Take(BatchSize)
                .ToListAsync(cancellationToken);
            if (batch.Count == 0)
            {
                break;
            }

            foreach (var entry in batch)
            {
                if (entry.Sequence != expectedSequence)
                {
                    problems.Add(new AuditProblem(
                        entry.Sequence, "deleted",
                        $"第 {expectedSequence} 至 {entry.Sequence - 1} 条记录缺失（被删除）。"));
                }

                if (entry.PreviousHash != previousHash)
                {
                    problems.Add(new AuditProblem(
                        entry.Sequence, "inserted",
                        $"第 {entry.Sequence} 条记录的前序哈希与上一条不符（链被插入或重排）。"));
                }

                if (entry.ComputeHash() != entry.Hash)
                {
                    problems.Add(new AuditProblem(
                        entry.Sequence, "edited",
                        $"第 {entry.Sequence} 条记录的内容与其哈希不符（被修改）。"));
                }

                previousHash = entry.Hash;
                expectedSequence = entry.Sequence + 1;
                lastSequence = entry.Sequence;
                checkedCount++;
            }

            progress?.Report(checkedCount);
        }

        var head = await db.Set<AuditChainHead>().AsNoTracking().SingleOrDefaultAsync(cancellationToken);
        var headSequence = head?.LastSequence ?? 0;
        if (headSequence > lastSequence)
        {
            problems.Add(new AuditProblem(
                lastSequence + 1, "deleted",
                $"链头记录到第 {headSequence} 条，但日志只到第 {lastSequence} 条（末尾记录被删除）。"));
        }
        else if (headSequence < lastSequence)
        {
            problems.Add(new AuditProblem(
                headSequence + 1, "inserted",
                $"日志有 {lastSequence} 条，但链头只到第 {headSequence} 条（末尾被追加了伪造记录）。"));
        }
        else if (head is not null && head.LastHash != previousHash)
        {
            problems.Add(new AuditProblem(lastSequence, "edited", $"第 {lastSequence} 条记录的哈希与链头不符。"));
        }

        return new AuditVerification(checkedCount, problems);
    }
}
