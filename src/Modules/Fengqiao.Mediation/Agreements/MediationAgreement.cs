using Fengqiao.Kernel.Access;
using Fengqiao.Kernel.Errors;

namespace Fengqiao.Mediation.Agreements;

/// <summary>
/// 调解协议: what the parties agreed at the end of a mediation (People's Mediation Law Art. 28–33). A written agreement
/// (调解协议书) is drafted, issued once complete (Art. 29), signed by every party, the mediator and sealed by the
/// committee, and takes effect on the last of those (Art. 29 para. 2); an oral agreement (口头协议, Art. 30) takes effect
/// when it is recorded. From its effect the parties have 30 days to apply for judicial confirmation (司法确认, Art. 33).
/// Every change bumps <see cref="Version"/>; an edit of a stale version is refused with 409.
/// </summary>
public sealed class MediationAgreement : IJurisdictional
{
    public const int MaxTextLength = 4000;
    public const int MaxCourtLength = 100;
    public const int ConfirmationWindowDays = 30;

    private readonly List<AgreementObligation> _obligations = [];
    private readonly List<AgreementSignature> _signatures = [];

    private MediationAgreement()
    {
        UnitPath = CaseNumber = CommitteeName = Number = Facts = DisputedMatters = Responsibilities = "";
    }

    internal MediationAgreement(Guid caseId, string caseNumber, string committeeName, string unitPath, int sequence, AgreementForm form, DateTimeOffset at)
    {
        Id = Guid.CreateVersion7();
        CaseId = caseId;
        CaseNumber = caseNumber;
        CommitteeName = committeeName;
        UnitPath = unitPath;
        Sequence = sequence;
        // 调2026112600012 → 调协2026112600012 (a second agreement after re-mediation gets -2).
        Number = "调协" + (caseNumber.StartsWith('调') ? caseNumber[1..] : caseNumber) + (sequence > 1 ? $"-{sequence}" : "");
        Form = form;
        Status = AgreementStatus.Draft;
        Facts = DisputedMatters = Responsibilities = "";
        CreatedAt = UpdatedAt = at;
    }

    public Guid Id { get; private set; }

    public Guid CaseId { get; private set; }

    public string CaseNumber { get; private set; }

    /// <summary>The committee that mediated (its name goes on the document and its seal makes the agreement effective).</summary>
    public string CommitteeName { get; private set; }

    public string UnitPath { get; private set; }

    /// <summary>第几份协议 of the case: an agreement the court found invalid may be followed by another after re-mediation.</summary>
    public int Sequence { get; private set; }

    /// <summary>协议编号.</summary>
    public string Number { get; private set; }

    public AgreementForm Form { get; private set; }

    public AgreementStatus Status { get; private set; }

    /// <summary>纠纷的主要事实.</summary>
    public string Facts { get; private set; }

    /// <summary>争议事项.</summary>
    public string DisputedMatters { get; private set; }

    /// <summary>各方当事人的责任.</summary>
    public string Responsibilities { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    /// <summary>出具日期 (written) or the day an oral agreement was recorded.</summary>
    public DateOnly? IssuedOn { get; private set; }

    /// <summary>生效日期: the day the last signature or seal was put (written), or the day recorded (oral).</summary>
    public DateOnly? EffectiveOn { get; private set; }

    /// <summary>司法确认申请日期.</summary>
    public DateOnly? ConfirmationAppliedOn { get; private set; }

    /// <summary>The court applied to.</summary>
    public string? ConfirmationCourt { get; private set; }

    public ConfirmationDecision? ConfirmationDecision { get; private set; }

    public DateOnly? ConfirmationDecidedOn { get; private set; }

    /// <summary>After the court found the agreement invalid: mediate again or go to court.</summary>
    public AfterInvalidity? AfterInvalidity { get; private set; }

    public long Version { get; private set; }

    public IReadOnlyList<AgreementObligation> Obligations => _obligations;

    public IReadOnlyList<AgreementSignature> Signatures => _signatures;

    /// <summary>The last day the parties may apply for judicial confirmation (30 days from the effect), once in effect.</summary>
    public DateOnly? ConfirmationWindowClosesOn => EffectiveOn?.AddDays(ConfirmationWindowDays);

    /// <summary>Replaces the draft's content; returns the obligations removed and added (the caller tells the context).</summary>
    internal (IReadOnlyList<AgreementObligation> Removed, IReadOnlyList<AgreementObligation> Added) Edit(
        AgreementForm form, string facts, string disputedMatters, string responsibilities, IEnumerable<ObligationInput> obligations, DateTimeOffset at)
    {
        Rules.Check(new AgreementIsStillADraft(Status));
        Form = form;
        Facts = facts;
        DisputedMatters = disputedMatters;
        Responsibilities = responsibilities;
        var removed = _obligations.ToList();
        _obligations.Clear();
        var sequence = 0;
        var added = obligations.Select(o => new AgreementObligation(Id, UnitPath, ++sequence, o)).ToList();
        _obligations.AddRange(added);
        Touch(at);
        return (removed, added);
    }

    /// <summary>Issues a written agreement for signing, or records an oral one, which takes effect at once.</summary>
    internal void Issue(DateOnly today, DateTimeOffset at)
    {
        Rules.Check(new AgreementIsStillADraft(Status));
        IssuedOn = today;
        if (Form == AgreementForm.Oral)
        {
            Status = AgreementStatus.InEffect;
            EffectiveOn = today;
        }
        else
        {
            Status = AgreementStatus.Issued;
        }

        Touch(at);
    }

    /// <summary>Records one signature (or seal, or fingerprint); returns the new row. Effect is decided by the caller, who knows who must sign.</summary>
    internal AgreementSignature Sign(AgreementSigner signer, Guid? partyId, Guid? userId, string name, SignatureMethod method, DateOnly signedOn, Guid? recordedBy, DateTimeOffset at)
    {
        Rules.Check(new OnlyIssuedAgreementsAreSigned(Status, Form));
        if (_signatures.Any(s => s.Signer == signer && s.PartyId == partyId && s.UserId == userId))
        {
            throw new ConflictException($"{name}的签署已经记录过了。");
        }

        var signature = new AgreementSignature(Id, UnitPath, signer, partyId, userId, name, method, signedOn, recordedBy, at);
        _signatures.Add(signature);
        Touch(at);
        return signature;
    }

    /// <summary>Every signature needed is there: the agreement takes effect on the day of the last one.</summary>
    internal void TakeEffect(DateTimeOffset at)
    {
        Status = AgreementStatus.InEffect;
        EffectiveOn = _signatures.Max(s => s.SignedOn);
        Touch(at);
    }

    internal void ApplyForConfirmation(DateOnly appliedOn, string court, DateOnly today, DateTimeOffset at)
    {
        Rules.Check(new OnlyWrittenAgreementsInEffectAreConfirmed(Status, Form));
        if (ConfirmationAppliedOn is not null)
        {
            throw new ConflictException($"已于 {ConfirmationAppliedOn:yyyy-MM-dd} 向{ConfirmationCourt}申请司法确认，不能重复申请。");
        }

        Rules.Check(new JudicialConfirmationIsAppliedForWithin30Days(EffectiveOn!.Value, appliedOn, today));
        ConfirmationAppliedOn = appliedOn;
        ConfirmationCourt = court;
        Touch(at);
    }

    internal void RecordDecision(ConfirmationDecision decision, DateOnly decidedOn, AfterInvalidity? after, DateOnly today, DateTimeOffset at)
    {
        if (ConfirmationAppliedOn is null)
        {
            throw new BusinessRuleViolationException(new DecisionFollowsAnApplication());
        }

        if (ConfirmationDecision is not null)
        {
            throw new ConflictException("法院的司法确认结果已经记录过了。");
        }

        if (decidedOn < ConfirmationAppliedOn || decidedOn > today)
        {
            throw new ValidationFailedException("decidedOn", $"裁定日期应在申请日期（{ConfirmationAppliedOn:yyyy-MM-dd}）之后，且不晚于今天。");
        }

        ConfirmationDecision = decision;
        ConfirmationDecidedOn = decidedOn;
        if (decision == Agreements.ConfirmationDecision.Invalid)
        {
            Status = AgreementStatus.Invalid;
            AfterInvalidity = after;
        }

        Touch(at);
    }

    // Obligations change under the agreement's version: two people recording the same performance cannot both win.
    internal void Changed(DateTimeOffset at) => Touch(at);

    private void Touch(DateTimeOffset at)
    {
        UpdatedAt = at;
        Version++;
    }
}

/// <summary>What one obligation of a draft says, as entered.</summary>
internal sealed record ObligationInput(Guid? PartyId, string Content, string Manner, DateOnly? DueOn, bool IsPayment, decimal? Amount);

/// <summary>
/// 履行义务: one thing one party undertook — what, how it is performed, by when, and the amount when it is a payment.
/// Tracked after the agreement takes effect: performed (when, with a note) or not performed.
/// </summary>
public sealed class AgreementObligation : IJurisdictional
{
    public const int MaxContentLength = 500;
    public const int MaxMannerLength = 200;
    public const int MaxNoteLength = 500;

    private AgreementObligation()
    {
        UnitPath = Content = Manner = "";
    }

    internal AgreementObligation(Guid agreementId, string unitPath, int sequence, ObligationInput input)
    {
        Id = Guid.CreateVersion7();
        AgreementId = agreementId;
        UnitPath = unitPath;
        Sequence = sequence;
        PartyId = input.PartyId;
        Content = input.Content;
        Manner = input.Manner;
        DueOn = input.DueOn;
        IsPayment = input.IsPayment;
        Amount = input.Amount;
        State = ObligationState.Pending;
    }

    public Guid Id { get; private set; }

    public Guid AgreementId { get; private set; }

    public string UnitPath { get; private set; }

    public int Sequence { get; private set; }

    /// <summary>义务人: the case's party who performs it.</summary>
    public Guid? PartyId { get; private set; }

    /// <summary>履行内容.</summary>
    public string Content { get; private set; }

    /// <summary>履行方式, e.g. 银行转账 / 当面交付 / 拆除.</summary>
    public string Manner { get; private set; }

    /// <summary>履行期限.</summary>
    public DateOnly? DueOn { get; private set; }

    /// <summary>给付金钱: then <see cref="Amount"/> is required.</summary>
    public bool IsPayment { get; private set; }

    /// <summary>金额 (yuan).</summary>
    public decimal? Amount { get; private set; }

    public ObligationState State { get; private set; }

    /// <summary>履行日期 (or the day non-performance was found).</summary>
    public DateOnly? PerformedOn { get; private set; }

    public string? Note { get; private set; }

    internal void Record(bool performed, DateOnly on, string? note)
    {
        State = performed ? ObligationState.Performed : ObligationState.NotPerformed;
        PerformedOn = on;
        Note = note;
    }
}

/// <summary>One signature, seal or fingerprint on a written agreement, as recorded from the paper.</summary>
public sealed class AgreementSignature : IJurisdictional
{
    private AgreementSignature()
    {
        UnitPath = Name = "";
    }

    internal AgreementSignature(Guid agreementId, string unitPath, AgreementSigner signer, Guid? partyId, Guid? userId, string name, SignatureMethod method, DateOnly signedOn, Guid? recordedBy, DateTimeOffset at)
    {
        Id = Guid.CreateVersion7();
        AgreementId = agreementId;
        UnitPath = unitPath;
        Signer = signer;
        PartyId = partyId;
        UserId = userId;
        Name = name;
        Method = method;
        SignedOn = signedOn;
        RecordedBy = recordedBy;
        RecordedAt = at;
    }

    public Guid Id { get; private set; }

    public Guid AgreementId { get; private set; }

    public string UnitPath { get; private set; }

    public AgreementSigner Signer { get; private set; }

    /// <summary>The party who signed (signer Party).</summary>
    public Guid? PartyId { get; private set; }

    /// <summary>The mediator who signed (signer Mediator).</summary>
    public Guid? UserId { get; private set; }

    /// <summary>Masked party name, mediator's name or committee's name.</summary>
    public string Name { get; private set; }

    public SignatureMethod Method { get; private set; }

    public DateOnly SignedOn { get; private set; }

    public Guid? RecordedBy { get; private set; }

    public DateTimeOffset RecordedAt { get; private set; }
}

public enum AgreementForm
{
    /// <summary>书面协议: 调解协议书.</summary>
    Written = 1,

    /// <summary>口头协议 (Art. 30): recorded in the case, no document to sign.</summary>
    Oral = 2,
}

public enum AgreementStatus
{
    /// <summary>草稿.</summary>
    Draft = 1,

    /// <summary>已出具，待签署.</summary>
    Issued = 2,

    /// <summary>已生效.</summary>
    InEffect = 3,

    /// <summary>经法院确认无效.</summary>
    Invalid = 4,
}

public enum AgreementSigner
{
    /// <summary>当事人 (签名、盖章或按指印).</summary>
    Party = 1,

    /// <summary>人民调解员签名.</summary>
    Mediator = 2,

    /// <summary>人民调解委员会印章.</summary>
    Committee = 3,
}

public enum SignatureMethod
{
    /// <summary>签名.</summary>
    Signature = 1,

    /// <summary>盖章.</summary>
    Seal = 2,

    /// <summary>捺印 (按指印).</summary>
    Fingerprint = 3,
}

public enum ObligationState
{
    /// <summary>待履行.</summary>
    Pending = 1,

    /// <summary>已履行.</summary>
    Performed = 2,

    /// <summary>未履行.</summary>
    NotPerformed = 3,
}

public enum ConfirmationDecision
{
    /// <summary>裁定确认调解协议有效.</summary>
    Confirmed = 1,

    /// <summary>裁定驳回申请（协议无效或不予确认）.</summary>
    Invalid = 2,
}

/// <summary>Art. 33: when the court finds the agreement invalid, the parties may change it or reach a new one by mediation, or sue.</summary>
public enum AfterInvalidity
{
    /// <summary>重新调解: the case reopens.</summary>
    MediateAgain = 1,

    /// <summary>向人民法院提起诉讼: the case is referred out.</summary>
    GoToCourt = 2,
}

/// <summary>协议出具后不能再修改；须修改的，应由各方重新协商。</summary>
public sealed class AgreementIsStillADraft(AgreementStatus status) : IBusinessRule
{
    public string Message => "调解协议已出具（或已生效），不能再修改。";

    public bool IsBroken() => status != AgreementStatus.Draft;
}

/// <summary>只有已出具、待签署的书面协议才能签署；口头协议没有协议书。</summary>
public sealed class OnlyIssuedAgreementsAreSigned(AgreementStatus status, AgreementForm form) : IBusinessRule
{
    public string Message => form == AgreementForm.Oral
        ? "口头协议没有协议书，无需签署（《人民调解法》第三十条）。"
        : status == AgreementStatus.Draft ? "调解协议书尚未出具，不能签署。" : "调解协议书已经生效或已被确认无效，不能再签署。";

    public bool IsBroken() => form == AgreementForm.Oral || status != AgreementStatus.Issued;
}

/// <summary>司法确认的对象是已生效的书面调解协议。</summary>
public sealed class OnlyWrittenAgreementsInEffectAreConfirmed(AgreementStatus status, AgreementForm form) : IBusinessRule
{
    public string Message => form == AgreementForm.Oral
        ? "口头协议不能申请司法确认，请先制作书面调解协议书。"
        : "调解协议书尚未生效（各方签名、调解员签名并加盖调委会印章后生效），不能申请司法确认。";

    public bool IsBroken() => form == AgreementForm.Oral || status != AgreementStatus.InEffect;
}

/// <summary>
/// 《人民调解法》第三十三条：当事人认为有必要的，可以自调解协议生效之日起三十日内共同向人民法院申请司法确认。
/// </summary>
public sealed class JudicialConfirmationIsAppliedForWithin30Days(DateOnly effectiveOn, DateOnly appliedOn, DateOnly today) : IBusinessRule
{
    public DateOnly ClosesOn => effectiveOn.AddDays(MediationAgreement.ConfirmationWindowDays);

    public string Message => appliedOn > today
        ? $"申请日期 {appliedOn:yyyy-MM-dd} 晚于今天，请填写实际申请日期。"
        : appliedOn < effectiveOn
            ? $"申请日期 {appliedOn:yyyy-MM-dd} 早于协议生效日期 {effectiveOn:yyyy-MM-dd}。"
            : $"司法确认须自调解协议生效之日起三十日内申请（《人民调解法》第三十三条）：协议于 {effectiveOn:yyyy-MM-dd} 生效，申请期限已于 {ClosesOn:yyyy-MM-dd} 届满。";

    public bool IsBroken() => appliedOn > today || appliedOn < effectiveOn || appliedOn > ClosesOn;
}

/// <summary>法院的裁定须在申请司法确认之后记录。</summary>
public sealed class DecisionFollowsAnApplication : IBusinessRule
{
    public string Message => "尚未记录司法确认申请，不能记录法院的裁定。";

    public bool IsBroken() => true;
}

/// <summary>调解协议在调解中达成：出具前须有一次调解的结果为“达成协议”。</summary>
public sealed class AgreementFollowsASessionThatReachedIt(bool reached) : IBusinessRule
{
    public string Message => "本案还没有结果为“达成协议”的调解记录，请先记录达成协议的那次调解（调解笔录），再出具协议。";

    public bool IsBroken() => !reached;
}

/// <summary>
/// 《人民调解法》第二十九条：调解协议书应载明当事人的基本情况，纠纷的主要事实、争议事项以及各方当事人的责任，
/// 当事人达成调解协议的内容、履行的方式和期限。不完整的协议不能出具。
/// </summary>
public sealed class AgreementIsComplete(IReadOnlyList<string> missing) : IBusinessRule
{
    public IReadOnlyList<string> Missing => missing;

    public string Message => $"调解协议内容不完整，不能出具（《人民调解法》第二十九条）。缺少：{string.Join("；", missing)}。";

    public bool IsBroken() => missing.Count > 0;
}
