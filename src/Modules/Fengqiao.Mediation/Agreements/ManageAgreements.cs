using Fengqiao.Kernel.Access;
using Fengqiao.Kernel.Audit;
using Fengqiao.Kernel.Data;
using Fengqiao.Kernel.Errors;
using Fengqiao.Kernel.Privacy;
using Fengqiao.Mediation.Disputes;
using Fengqiao.Mediation.Sessions;
using Microsoft.EntityFrameworkCore;

namespace Fengqiao.Mediation.Agreements;

/// <summary>
/// 调解协议: drafting (edits carry the version read), issuing only a complete agreement after a session that reached it,
/// recording an oral agreement, signatures (effect when every party, a mediator and the committee's seal are there, which
/// resolves the case), performance of each obligation, and judicial confirmation within 30 days of the effect.
/// </summary>
public sealed class ManageAgreements(
    FengqiaoDbContext db, ICurrentActor actor, IAuditTrail audit, TimeProvider clock, DisputeAccess access, PersonalDataAccess personalData, AgreementPdf pdf)
{
    public const string DraftAction = "mediation.agreement.draft";
    public const string EditAction = "mediation.agreement.edit";
    public const string IssueAction = "mediation.agreement.issue";
    public const string SignAction = "mediation.agreement.sign";
    public const string PerformanceAction = "mediation.agreement.performance";
    public const string ApplyAction = "mediation.agreement.confirmation-apply";
    public const string DecideAction = "mediation.agreement.confirmation-decide";
    public const string StaleMessage = "调解协议已被他人修改，请刷新后查看最新内容再提交。";
    public const int MaxObligations = 30;

    public async Task<AgreementView> GetAsync(Guid caseId, CancellationToken cancellationToken)
    {
        access.EnsureReader();
        var dispute = await LoadCaseAsync(caseId, tracked: false, cancellationToken);
        var agreement = await LoadAsync(caseId, tracked: false, cancellationToken);
        return View(agreement, dispute);
    }

    public async Task<AgreementView> CreateAsync(Guid caseId, AgreementRequest request, CancellationToken cancellationToken)
    {
        access.EnsureWorker();
        var dispute = await LoadCaseAsync(caseId, tracked: true, cancellationToken);
        // A draft starts from the case's facts and claims unless the editor wrote its own.
        var input = Check(request with { Facts = request.Facts ?? dispute.Facts, DisputedMatters = request.DisputedMatters ?? dispute.Claims }, dispute);
        Rules.Check(new OnlyOpenCasesChange(dispute.Status));
        var existing = await db.Set<MediationAgreement>().Where(a => a.CaseId == caseId).OrderByDescending(a => a.Sequence)
            .Select(a => new { a.Sequence, a.Status, a.Number }).FirstOrDefaultAsync(cancellationToken);
        if (existing is not null && existing.Status != AgreementStatus.Invalid)
        {
            throw new ConflictException($"本案已有调解协议 {existing.Number}，请在其上修改。");
        }

        var now = clock.GetUtcNow();
        var agreement = new MediationAgreement(dispute.Id, dispute.Number, dispute.CommitteeName, dispute.UnitPath, (existing?.Sequence ?? 0) + 1, input.Form, now);
        agreement.Edit(input.Form, input.Facts, input.Matters, input.Responsibilities, input.Obligations, now);
        db.Add(agreement);
        dispute.Changed(now);
        audit.Record(DraftAction, TakeInDispute.Target(dispute.Id), dispute.UnitPath, $"{dispute.Number} 起草调解协议 {agreement.Number}（{FormName(agreement.Form)}）");
        await SaveAsync(cancellationToken);
        return View(agreement, dispute);
    }

    public async Task<AgreementView> EditAsync(Guid caseId, AgreementRequest request, CancellationToken cancellationToken)
    {
        access.EnsureWorker();
        var dispute = await LoadCaseAsync(caseId, tracked: true, cancellationToken);
        if (request.Version is null)
        {
            throw new ValidationFailedException("version", "请提交所编辑的协议版本号（version），以免覆盖他人的修改。");
        }

        var input = Check(request, dispute);
        var agreement = await LoadAsync(caseId, tracked: true, cancellationToken);
        EnsureVersion(agreement, request.Version);
        var now = clock.GetUtcNow();
        var (removed, added) = agreement.Edit(input.Form, input.Facts, input.Matters, input.Responsibilities, input.Obligations, now);
        db.RemoveRange(removed);
        db.AddRange(added);
        audit.Record(EditAction, TakeInDispute.Target(dispute.Id), dispute.UnitPath, $"{dispute.Number} 修改调解协议草稿 {agreement.Number}：{added.Count} 项义务");
        await SaveAsync(cancellationToken);
        return View(agreement, dispute);
    }

    public async Task<AgreementView> IssueAsync(Guid caseId, IssueAgreementRequest request, CancellationToken cancellationToken)
    {
        access.EnsureWorker();
        if (request.Version is null)
        {
            throw new ValidationFailedException("version", "请提交所出具的协议版本号（version）。");
        }

        var dispute = await LoadCaseAsync(caseId, tracked: true, cancellationToken);
        var agreement = await LoadAsync(caseId, tracked: true, cancellationToken);
        EnsureVersion(agreement, request.Version);
        Rules.Check(new AgreementIsStillADraft(agreement.Status));
        Rules.Check(new OnlyOpenCasesChange(dispute.Status));
        Rules.Check(new AgreementIsComplete(Missing(agreement, dispute)));
        var reached = await db.Set<MediationSession>().AnyAsync(
            s => s.CaseId == caseId && s.Status == SessionStatus.Held && s.Outcome == SessionOutcome.AgreementReached, cancellationToken);
        Rules.Check(new AgreementFollowsASessionThatReachedIt(reached));

        var now = clock.GetUtcNow();
        agreement.Issue(access.Today, now);
        if (agreement.Status == AgreementStatus.InEffect)
        {
            // An oral agreement takes effect when recorded (Art. 30): the case is resolved now.
            dispute.Resolve(now);
        }
        else
        {
            dispute.Changed(now);
        }

        audit.Record(IssueAction, TakeInDispute.Target(dispute.Id), dispute.UnitPath,
            agreement.Form == AgreementForm.Oral ? $"{dispute.Number} 记录口头协议 {agreement.Number}，调解成功" : $"{dispute.Number} 出具调解协议书 {agreement.Number}，待签署");
        await SaveAsync(cancellationToken);
        return View(agreement, dispute);
    }

    public async Task<AgreementView> SignAsync(Guid caseId, SignAgreementRequest request, CancellationToken cancellationToken)
    {
        access.EnsureWorker();
        var dispute = await LoadCaseAsync(caseId, tracked: true, cancellationToken);
        var agreement = await LoadAsync(caseId, tracked: true, cancellationToken);
        Rules.Check(new OnlyIssuedAgreementsAreSigned(agreement.Status, agreement.Form));
        var today = access.Today;
        var signedOn = request.SignedOn ?? today;
        if (signedOn > today || signedOn < agreement.IssuedOn)
        {
            throw new ValidationFailedException("signedOn", $"签署日期应在协议出具之日（{agreement.IssuedOn:yyyy-MM-dd}）之后，且不晚于今天。");
        }

        (Guid? partyId, Guid? userId, string name, SignatureMethod method) who = request.Signer switch
        {
            AgreementSigner.Party => dispute.Parties.SingleOrDefault(p => p.Id == request.PartyId) is { } party
                ? (party.Id, null, party.NameMasked, CheckMethod(request.Method))
                : throw new ValidationFailedException("partyId", "请选择签署的当事人（须为本案当事人）。"),
            AgreementSigner.Mediator => dispute.Mediators.SingleOrDefault(m => m.UserId == request.MediatorUserId) is { } mediator
                ? (null, mediator.UserId, mediator.Name, SignatureMethod.Signature)
                : throw new ValidationFailedException("mediatorUserId", "请选择签名的调解员（须为本案调解员）。"),
            AgreementSigner.Committee => (null, null, agreement.CommitteeName, SignatureMethod.Seal),
            _ => throw new ValidationFailedException("signer", "请说明签署方：Party 当事人、Mediator 调解员或 Committee 调委会盖章。"),
        };

        var now = clock.GetUtcNow();
        db.Add(agreement.Sign(request.Signer!.Value, who.partyId, who.userId, who.name, who.method, signedOn, actor.UserId, now));
        var detail = $"{dispute.Number} 协议 {agreement.Number}：{who.name}{MethodName(who.method)}（{signedOn:yyyy-MM-dd}）";
        if (MissingSignatures(agreement, dispute).Count == 0)
        {
            agreement.TakeEffect(now);
            dispute.Resolve(now);
            detail += $"；各方签署完毕，协议于 {agreement.EffectiveOn:yyyy-MM-dd} 生效，调解成功";
        }
        else
        {
            dispute.Changed(now);
        }

        audit.Record(SignAction, TakeInDispute.Target(dispute.Id), dispute.UnitPath, detail);
        await SaveAsync(cancellationToken);
        return View(agreement, dispute);
    }

    public async Task<AgreementView> RecordPerformanceAsync(Guid caseId, Guid obligationId, PerformanceRequest request, CancellationToken cancellationToken)
    {
        access.EnsureWorker();
        var dispute = await LoadCaseAsync(caseId, tracked: false, cancellationToken);
        var agreement = await LoadAsync(caseId, tracked: true, cancellationToken);
        var obligation = agreement.Obligations.SingleOrDefault(o => o.Id == obligationId) ?? throw new NotFoundException("该履行义务");
        Rules.Check(new ObligationsAreTrackedOnceInEffect(agreement.Status));
        var errors = new Dictionary<string, string[]>();
        if (request.Performed is null)
        {
            errors["performed"] = ["请说明是否已履行（performed：true 已履行，false 未履行）。"];
        }

        var on = request.On ?? access.Today;
        if (on > access.Today || on < agreement.EffectiveOn)
        {
            errors["on"] = [$"日期应在协议生效之日（{agreement.EffectiveOn:yyyy-MM-dd}）之后，且不晚于今天。"];
        }

        var note = string.IsNullOrWhiteSpace(request.Note) ? null : request.Note.Trim();
        if (note?.Length > AgreementObligation.MaxNoteLength)
        {
            errors["note"] = [$"说明不超过 {AgreementObligation.MaxNoteLength} 个字。"];
        }

        if (errors.Count > 0)
        {
            throw new ValidationFailedException(errors);
        }

        obligation.Record(request.Performed!.Value, on, note);
        agreement.Changed(clock.GetUtcNow());
        audit.Record(PerformanceAction, TakeInDispute.Target(dispute.Id), dispute.UnitPath,
            $"{dispute.Number} 协议 {agreement.Number} 第 {obligation.Sequence} 项义务：{(request.Performed.Value ? "已履行" : "未履行")}（{on:yyyy-MM-dd}）{note}");
        await SaveAsync(cancellationToken);
        return View(agreement, dispute);
    }

    public async Task<AgreementView> ApplyForConfirmationAsync(Guid caseId, ConfirmationApplicationRequest request, CancellationToken cancellationToken)
    {
        access.EnsureWorker();
        var court = request.Court?.Trim() ?? "";
        if (court.Length is 0 or > MediationAgreement.MaxCourtLength)
        {
            throw new ValidationFailedException("court", $"请填写受理司法确认申请的人民法院（不超过 {MediationAgreement.MaxCourtLength} 个字）。");
        }

        var dispute = await LoadCaseAsync(caseId, tracked: false, cancellationToken);
        var agreement = await LoadAsync(caseId, tracked: true, cancellationToken);
        var appliedOn = request.AppliedOn ?? access.Today;
        agreement.ApplyForConfirmation(appliedOn, court, access.Today, clock.GetUtcNow());
        audit.Record(ApplyAction, TakeInDispute.Target(dispute.Id), dispute.UnitPath, $"{dispute.Number} 协议 {agreement.Number}：{appliedOn:yyyy-MM-dd} 向{court}申请司法确认");
        await SaveAsync(cancellationToken);
        return View(agreement, dispute);
    }

    public async Task<AgreementView> RecordDecisionAsync(Guid caseId, ConfirmationDecisionRequest request, CancellationToken cancellationToken)
    {
        access.EnsureWorker();
        var errors = new Dictionary<string, string[]>();
        if (request.Decision is not { } decision || !Enum.IsDefined(decision))
        {
            errors["decision"] = ["请选择法院的裁定：Confirmed 确认有效，Invalid 驳回申请（协议无效）。"];
            decision = default;
        }
        else if (decision == ConfirmationDecision.Invalid && (request.Next is not { } next || !Enum.IsDefined(next)))
        {
            errors["next"] = ["协议被确认无效的，请选择后续：MediateAgain 重新调解，或 GoToCourt 向人民法院起诉。"];
        }

        if (errors.Count > 0)
        {
            throw new ValidationFailedException(errors);
        }

        var dispute = await LoadCaseAsync(caseId, tracked: true, cancellationToken);
        var agreement = await LoadAsync(caseId, tracked: true, cancellationToken);
        var now = clock.GetUtcNow();
        var after = decision == ConfirmationDecision.Invalid ? request.Next : null;
        agreement.RecordDecision(decision, request.DecidedOn ?? access.Today, after, access.Today, now);
        string detail;
        if (decision == ConfirmationDecision.Confirmed)
        {
            dispute.Changed(now);
            detail = "法院裁定确认调解协议有效";
        }
        else if (after == AfterInvalidity.MediateAgain)
        {
            dispute.Reopen(now);
            detail = "法院确认协议无效，案件重新调解";
        }
        else
        {
            // Reopened and at once referred out, so that the closing day and status say where the dispute went.
            dispute.Reopen(now);
            dispute.Close(DisputeStatus.ReferredOut, now);
            detail = "法院确认协议无效，当事人向人民法院起诉，案件转出";
        }

        audit.Record(DecideAction, TakeInDispute.Target(dispute.Id), dispute.UnitPath, $"{dispute.Number} 协议 {agreement.Number}：{detail}");
        await SaveAsync(cancellationToken);
        return View(agreement, dispute);
    }

    /// <summary>The 人民调解协议书 as a PDF; the parties' names are revealed through the audited reveal for it.</summary>
    public async Task<(string FileName, byte[] Content)> PdfAsync(Guid caseId, CancellationToken cancellationToken)
    {
        access.EnsureWorker();
        var dispute = await LoadCaseAsync(caseId, tracked: false, cancellationToken);
        var agreement = await LoadAsync(caseId, tracked: false, cancellationToken);
        Rules.Check(new OnlyIssuedWrittenAgreementsArePrinted(agreement.Status, agreement.Form));
        const string purpose = "出具人民调解协议书";
        var names = new Dictionary<Guid, string>();
        var parties = new List<AgreementDocumentParty>();
        foreach (var party in dispute.Parties.OrderBy(p => p.Role).ThenBy(p => p.Id))
        {
            var name = party.NameCipher is null
                ? party.OrganisationName ?? party.NameMasked
                : await personalData.RevealAsync(new PersonalDataItem("mediation-party", party.Id.ToString(), DisputeParty.NameField, party.UnitPath),
                    party.NameCipher, purpose, DisputeAccess.WorkerRoles, cancellationToken);
            var identity = party.IdentityNumberCipher is null
                ? null
                : await personalData.RevealAsync(new PersonalDataItem("mediation-party", party.Id.ToString(), DisputeParty.IdentityNumberField, party.UnitPath),
                    party.IdentityNumberCipher, purpose, DisputeAccess.WorkerRoles, cancellationToken);
            names[party.Id] = name;
            parties.Add(new AgreementDocumentParty(RoleName(party.Role), name, party.Kind == PartyKind.Organisation, identity));
        }

        var document = new AgreementDocument(
            agreement.Number, agreement.CommitteeName, dispute.Number, parties, agreement.Facts, agreement.DisputedMatters, agreement.Responsibilities,
            [.. agreement.Obligations.OrderBy(o => o.Sequence).Select(o => new AgreementDocumentObligation(
                o.Sequence, o.PartyId is { } id && names.TryGetValue(id, out var n) ? n : "", o.Content, o.Manner, o.DueOn, o.IsPayment ? o.Amount : null))],
            [.. dispute.Mediators.Select(m => m.Name)], agreement.IssuedOn);
        return ($"{agreement.Number}.pdf", pdf.Render(document));
    }

    internal static string RoleName(PartyRole role) => role switch
    {
        PartyRole.Applicant => "申请人",
        PartyRole.Respondent => "被申请人",
        _ => "第三人",
    };

    private static string FormName(AgreementForm form) => form == AgreementForm.Oral ? "口头协议" : "书面协议";

    private static string MethodName(SignatureMethod method) => method switch
    {
        SignatureMethod.Seal => "盖章",
        SignatureMethod.Fingerprint => "捺印",
        _ => "签名",
    };

    private static SignatureMethod CheckMethod(SignatureMethod? method) => method switch
    {
        null => SignatureMethod.Signature,
        { } m when Enum.IsDefined(m) => m,
        _ => throw new ValidationFailedException("method", "签署方式应为 Signature 签名、Seal 盖章或 Fingerprint 捺印。"),
    };

    /// <summary>What Art. 29 requires and the agreement lacks, in words the page and the problem detail show.</summary>
    internal static IReadOnlyList<string> Missing(MediationAgreement agreement, MediationCase dispute)
    {
        var missing = new List<string>();
        var partyIds = dispute.Parties.Select(p => p.Id).ToHashSet();
        if (partyIds.Count < 2)
        {
            missing.Add("当事人（至少两方，请先在案件中登记当事人）");
        }

        if (string.IsNullOrWhiteSpace(agreement.Facts))
        {
            missing.Add("纠纷的主要事实");
        }

        if (string.IsNullOrWhiteSpace(agreement.DisputedMatters))
        {
            missing.Add("争议事项");
        }

        if (string.IsNullOrWhiteSpace(agreement.Responsibilities))
        {
            missing.Add("各方当事人的责任");
        }

        if (agreement.Obligations.Count == 0)
        {
            missing.Add("协议内容（至少一项履行义务）");
        }

        foreach (var o in agreement.Obligations.OrderBy(o => o.Sequence))
        {
            var parts = new List<string>();
            if (o.PartyId is not { } partyId || !partyIds.Contains(partyId))
            {
                parts.Add("义务人");
            }

            if (string.IsNullOrWhiteSpace(o.Content))
            {
                parts.Add("履行内容");
            }

            if (string.IsNullOrWhiteSpace(o.Manner))
            {
                parts.Add("履行方式");
            }

            if (o.DueOn is null)
            {
                parts.Add("履行期限");
            }

            if (o.IsPayment && o.Amount is null)
            {
                parts.Add("给付金额");
            }

            if (parts.Count > 0)
            {
                missing.Add($"第 {o.Sequence} 项义务的{string.Join("、", parts)}");
            }
        }

        return missing;
    }

    /// <summary>Who has yet to sign: every party, at least one of the case's mediators, and the committee's seal.</summary>
    internal static IReadOnlyList<string> MissingSignatures(MediationAgreement agreement, MediationCase dispute)
    {
        var missing = new List<string>();
        foreach (var party in dispute.Parties.Where(p => !agreement.Signatures.Any(s => s.Signer == AgreementSigner.Party && s.PartyId == p.Id)))
        {
            missing.Add($"当事人{party.NameMasked}");
        }

        if (!agreement.Signatures.Any(s => s.Signer == AgreementSigner.Mediator))
        {
            missing.Add("调解员");
        }

        if (!agreement.Signatures.Any(s => s.Signer == AgreementSigner.Committee))
        {
            missing.Add("调委会印章");
        }

        return missing;
    }

    private AgreementView View(MediationAgreement a, MediationCase dispute)
    {
        var today = access.Today;
        var names = dispute.Parties.ToDictionary(p => p.Id, p => p.NameMasked);
        var closesOn = a.ConfirmationWindowClosesOn;
        return new AgreementView(
            a.Id, a.CaseId, a.CaseNumber, a.Number, a.CommitteeName, a.Form, a.Status, a.Facts, a.DisputedMatters, a.Responsibilities,
            [.. a.Obligations.OrderBy(o => o.Sequence).Select(o => new ObligationView(
                o.Id, o.Sequence, o.PartyId, o.PartyId is { } id && names.TryGetValue(id, out var n) ? n : null, o.Content, o.Manner, o.DueOn, o.IsPayment, o.Amount,
                o.State, o.PerformedOn, o.Note, a.Status == AgreementStatus.InEffect && o.State == ObligationState.Pending && o.DueOn < today))],
            [.. dispute.Parties.Select(p => new AgreementPartyView(p.Id, p.NameMasked, p.Role,
                a.Signatures.Any(s => s.Signer == AgreementSigner.Party && s.PartyId == p.Id)))],
            [.. dispute.Mediators.Select(m => new AgreementMediatorView(m.UserId, m.Name,
                a.Signatures.Any(s => s.Signer == AgreementSigner.Mediator && s.UserId == m.UserId)))],
            a.Signatures.Any(s => s.Signer == AgreementSigner.Committee),
            [.. a.Signatures.OrderBy(s => s.RecordedAt).Select(s => new SignatureView(s.Signer, s.PartyId, s.UserId, s.Name, s.Method, s.SignedOn))],
            a.Status == AgreementStatus.Draft ? Missing(a, dispute) : [],
            a.IssuedOn, a.EffectiveOn,
            new ConfirmationView(
                a.Form == AgreementForm.Written ? closesOn : null,
                a.Form == AgreementForm.Written && a.Status == AgreementStatus.InEffect && a.ConfirmationAppliedOn is null && closesOn >= today,
                a.ConfirmationAppliedOn, a.ConfirmationCourt, a.ConfirmationDecision, a.ConfirmationDecidedOn, a.AfterInvalidity),
            dispute.Status, a.Version);
    }

    private sealed record CheckedAgreement(AgreementForm Form, string Facts, string Matters, string Responsibilities, IReadOnlyList<ObligationInput> Obligations);

    private static CheckedAgreement Check(AgreementRequest request, MediationCase dispute)
    {
        var errors = new Dictionary<string, string[]>();
        var form = request.Form ?? AgreementForm.Written;
        if (!Enum.IsDefined(form))
        {
            errors["form"] = ["协议形式应为 Written 书面协议或 Oral 口头协议。"];
        }

        string Text(string? value, string field, string label)
        {
            var text = value?.Trim() ?? "";
            if (text.Length > MediationAgreement.MaxTextLength)
            {
                errors[field] = [$"{label}不超过 {MediationAgreement.MaxTextLength} 个字。"];
            }

            return text;
        }

        var facts = Text(request.Facts, "facts", "纠纷的主要事实");
        var matters = Text(request.DisputedMatters, "disputedMatters", "争议事项");
        var responsibilities = Text(request.Responsibilities, "responsibilities", "各方当事人的责任");
        var obligations = new List<ObligationInput>();
        var requested = request.Obligations ?? [];
        if (requested.Count > MaxObligations)
        {
            errors["obligations"] = [$"一份协议最多 {MaxObligations} 项义务。"];
        }

        for (var i = 0; i < requested.Count && i < MaxObligations; i++)
        {
            var o = requested[i] ?? new ObligationRequest(null, null, null, null, false, null);
            var field = $"obligations[{i}]";
            var label = $"第 {i + 1} 项义务";
            if (o.PartyId is { } partyId && dispute.Parties.All(p => p.Id != partyId))
            {
                errors[field + ".partyId"] = [$"{label}的义务人不是本案当事人。"];
            }

            var content = o.Content?.Trim() ?? "";
            if (content.Length > AgreementObligation.MaxContentLength)
            {
                errors[field + ".content"] = [$"{label}的履行内容不超过 {AgreementObligation.MaxContentLength} 个字。"];
            }

            var manner = o.Manner?.Trim() ?? "";
            if (manner.Length > AgreementObligation.MaxMannerLength)
            {
                errors[field + ".manner"] = [$"{label}的履行方式不超过 {AgreementObligation.MaxMannerLength} 个字。"];
            }

            if (o.Amount is { } amount && (amount <= 0 || amount >= 1_000_000_000_000m || decimal.Round(amount, 2) != amount))
            {
                errors[field + ".amount"] = [$"{label}的金额应为正数，最多两位小数。"];
            }

            if (o.DueOn is { } due && due < dispute.AcceptedOn)
            {
                errors[field + ".dueOn"] = [$"{label}的履行期限早于案件受理日期 {dispute.AcceptedOn:yyyy-MM-dd}。"];
            }

            obligations.Add(new ObligationInput(o.PartyId, content, manner, o.DueOn, o.IsPayment, o.IsPayment ? o.Amount : o.Amount));
        }

        if (errors.Count > 0)
        {
            throw new ValidationFailedException(errors);
        }

        return new CheckedAgreement(form, facts, matters, responsibilities, obligations);
    }

    private static void EnsureVersion(MediationAgreement agreement, long? version)
    {
        if (agreement.Version != version)
        {
            throw new ConflictException(StaleMessage);
        }
    }

    private async Task<MediationCase> LoadCaseAsync(Guid id, bool tracked, CancellationToken cancellationToken)
    {
        var cases = await access.CasesAsync(cancellationToken);
        if (!tracked)
        {
            cases = cases.AsNoTracking();
        }

        return await cases.AsSplitQuery().Include(c => c.Parties).Include(c => c.Mediators).SingleOrDefaultAsync(c => c.Id == id, cancellationToken)
            ?? throw new NotFoundException("该调解案件");
    }

    private async Task<MediationAgreement> LoadAsync(Guid caseId, bool tracked, CancellationToken cancellationToken)
    {
        var agreements = db.Set<MediationAgreement>().AsSplitQuery().Include(a => a.Obligations).Include(a => a.Signatures).AsQueryable();
        if (!tracked)
        {
            agreements = agreements.AsNoTracking();
        }

        return await agreements.Where(a => a.CaseId == caseId).OrderByDescending(a => a.Sequence).FirstOrDefaultAsync(cancellationToken)
            ?? throw new NotFoundException("本案的调解协议");
    }

    private async Task SaveAsync(CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new ConflictException(StaleMessage);
        }
    }
}

/// <summary>履行情况在协议生效后记录。</summary>
public sealed class ObligationsAreTrackedOnceInEffect(AgreementStatus status) : IBusinessRule
{
    public string Message => "调解协议尚未生效（或已被确认无效），不能记录履行情况。";

    public bool IsBroken() => status != AgreementStatus.InEffect;
}

/// <summary>协议书在出具后打印供签署；草稿和口头协议没有协议书。</summary>
public sealed class OnlyIssuedWrittenAgreementsArePrinted(AgreementStatus status, AgreementForm form) : IBusinessRule
{
    public string Message => form == AgreementForm.Oral
        ? "口头协议记录在案卷中，没有协议书可以下载（《人民调解法》第三十条）。"
        : "调解协议书尚未出具，请补全内容并出具后再下载。";

    public bool IsBroken() => form == AgreementForm.Oral || status == AgreementStatus.Draft;
}
