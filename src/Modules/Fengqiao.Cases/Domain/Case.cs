using Fengqiao.Cases.Categories;
using Fengqiao.Cases.Contracts;
using Fengqiao.Cases.Deadlines;
using Fengqiao.Cases.Indicators;
using Fengqiao.Kernel.Access;
using Fengqiao.Kernel.Errors;
using Fengqiao.Kernel.Messaging;
using Fengqiao.Kernel.Units;

namespace Fengqiao.Cases.Domain;

/// <summary>
/// 事件 / 案件: one reported problem from 上报 through 立案, 派遣, 处置, 核查 and 结案 to 评价. It is held by one tier at a
/// time (网格 → 社区 → 街道 → 区县, optionally a department), climbs one tier when a deadline passes or on request with a
/// reason, can be handed back down, and records every tier it passed and the one that resolved it. Every step adds a
/// timeline entry and publishes <see cref="CaseStepTaken"/>.
/// </summary>
public sealed class Case : IDepartmentAssigned, IHasDomainEvents
{
    public const int MaxTitleLength = 100;
    public const int MaxDescriptionLength = 4000;
    public const int MaxAddressLength = 200;

    private readonly List<IDomainEvent> _events = [];

    private Case()
    {
        TrackingCode = Title = Description = PublicDescription = UnitPath = CommunityCode = "";
    }

    private Case(NewCase details, StageClock clock)
    {
        Id = Guid.CreateVersion7();
        TrackingCode = details.TrackingCode;
        Channel = details.Channel;
        Title = details.Title;
        Description = details.Description;
        PublicDescription = details.PublicDescription;
        Address = details.Address;
        Longitude = details.Longitude;
        Latitude = details.Latitude;
        IsPrivatePlace = details.IsPrivatePlace;
        UnitPath = details.UnitPath;
        GridCode = details.GridCode;
        CommunityCode = details.CommunityCode;
        OutsideGrids = details.OutsideGrids;
        DistanceToGridMetres = details.DistanceToGridMetres;
        ReporterUserId = details.ReporterUserId;
        ReporterNameCipher = details.ReporterNameCipher;
        ReporterPhoneCipher = details.ReporterPhoneCipher;
        IsAnonymous = details.IsAnonymous;
        AnswersJson = details.AnswersJson;
        Priority = details.Priority;
        SuggestedLabel = details.SuggestedLabel;
        SuggestedCategoryCode = details.SuggestedCategoryCode;
        Confidence = details.Confidence;
        TriageReasons = details.TriageReasons.Count == 0 ? null : string.Join(',', details.TriageReasons);
        PossibleDuplicateOfId = details.PossibleDuplicateOfId;
        HasSensitiveContent = details.HasSensitiveContent;
        ReportedAt = clock.Now;
        Status = CaseStatus.Reported;
        StartStage(CaseStage.Filing, clock);
        StartWorkingTime(clock.Now);
    }

    public Guid Id { get; private set; }

    /// <summary>查询码: what the reporter uses to follow the case without an account; unguessable.</summary>
    public string TrackingCode { get; private set; }

    public CaseChannel Channel { get; private set; }

    public CaseStatus Status { get; private set; }

    public string Title { get; private set; }

    /// <summary>The text as reported; staff only.</summary>
    public string Description { get; private set; }

    /// <summary>The text with personal data masked, for the reporter's status page and the public page.</summary>
    public string PublicDescription { get; private set; }

    public string? Address { get; private set; }

    /// <summary>WGS84 longitude of the reported point.</summary>
    public double? Longitude { get; private set; }

    public double? Latitude { get; private set; }

    /// <summary>At a private home: the public page coarsens the location.</summary>
    public bool IsPrivatePlace { get; private set; }

    /// <summary>Path of the grid (or community) where the case lies; jurisdiction is matched against it.</summary>
    public string UnitPath { get; private set; }

    public string? GridCode { get; private set; }

    public string CommunityCode { get; private set; }

    /// <summary>The point lay outside every grid; the case went to the nearest community's triage with this flag.</summary>
    public bool OutsideGrids { get; private set; }

    public double? DistanceToGridMetres { get; private set; }

    public Guid? ReporterUserId { get; private set; }

    public string? ReporterNameCipher { get; private set; }

    public string? ReporterPhoneCipher { get; private set; }

    public bool IsAnonymous { get; private set; }

    /// <summary>Answers to the category's intake questions, as JSON {code: value}.</summary>
    public string? AnswersJson { get; private set; }

    public CasePriority Priority { get; private set; }

    // Classification.
    public string? SuggestedLabel { get; private set; }

    public string? SuggestedCategoryCode { get; private set; }

    public double Confidence { get; private set; }

    /// <summary>Why the case waits for a person in the triage queue (comma-separated codes), or null.</summary>
    public string? TriageReasons { get; private set; }

    public bool NeedsTriage => TriageReasons is not null && Status == CaseStatus.Reported;

    public Guid? PossibleDuplicateOfId { get; private set; }

    public Guid? MergedIntoId { get; private set; }

    public bool HasSensitiveContent { get; private set; }

    // Category as filed.
    public Guid? CategoryId { get; private set; }

    public string? CategoryCode { get; private set; }

    public Guid? CategoryVersionId { get; private set; }

    public TimeLimit? DisposalLimit
    {
        get => DisposalLimitUnit is { } unit ? new TimeLimit(DisposalLimitAmount ?? 0, unit) : null;
        private set => (DisposalLimitAmount, DisposalLimitUnit) = (value?.Amount, value?.Unit);
    }

    public int? DisposalLimitAmount { get; private set; }

    public TimeLimitUnit? DisposalLimitUnit { get; private set; }

    public bool IsPublic { get; private set; }

    // Holder.
    public UnitLevel? HolderLevel { get; private set; }

    public string? HolderUnitCode { get; private set; }

    public string? AssignedDepartmentCode { get; private set; }

    /// <summary>协调主办: for cases touching several units, the lowest common ancestor that coordinates them.</summary>
    public string? CoordinatorUnitCode { get; private set; }

    public Guid? AcceptedByUserId { get; private set; }

    public Guid? DisposedByUserId { get; private set; }

    // Stage and deadline.
    public CaseStage Stage { get; private set; }

    /// <summary>Increases with every stage started, so that one breach of one stage escalates exactly once.</summary>
    public int StageNumber { get; private set; }

    public DateTimeOffset StageStartedAt { get; private set; }

    public DateTimeOffset? StageDueAt { get; private set; }

    public DateTimeOffset? StageDueSoonAt { get; private set; }

    public SupervisionCard Card { get; private set; }

    /// <summary>Working time left on the stopped clock while suspended.</summary>
    public TimeSpan? SuspendedRemaining { get; private set; }

    public TimeSpan? SuspendedTotal { get; private set; }

    public ApprovalKind? PendingApproval { get; private set; }

    public string? PendingApprovalReason { get; private set; }

    public TimeLimit? PendingExtension
    {
        get => PendingExtensionUnit is { } unit ? new TimeLimit(PendingExtensionAmount ?? 0, unit) : null;
        private set => (PendingExtensionAmount, PendingExtensionUnit) = (value?.Amount, value?.Unit);
    }

    public int? PendingExtensionAmount { get; private set; }

    public TimeLimitUnit? PendingExtensionUnit { get; private set; }

    // Facts for evaluation.
    public DateTimeOffset ReportedAt { get; private set; }

    public DateTimeOffset? FiledAt { get; private set; }

    public bool? FiledOnTime { get; private set; }

    public DateTimeOffset? FirstDispatchedAt { get; private set; }

    public int DispatchCount { get; private set; }

    /// <summary>退回次数: dispatches the holder returned as wrong.</summary>
    public int ReturnCount { get; private set; }

    public DateTimeOffset? DisposedAt { get; private set; }

    public bool? DisposedOnTime { get; private set; }

    public DateTimeOffset? ClosedAt { get; private set; }

    public CloseType? CloseType { get; private set; }

    public bool? ClosedOnTime { get; private set; }

    /// <summary>A disposal or acceptance limit passed at some point.</summary>
    public bool WasOverdue { get; private set; }

    public int ReworkCount { get; private set; }

    public int ExtensionCount { get; private set; }

    public int SuspensionCount { get; private set; }

    public int EscalationCount { get; private set; }

    public int ReopenCount { get; private set; }

    public int YellowCardCount { get; private set; }

    public int RedCardCount { get; private set; }

    public int SupervisionCount { get; private set; }

    public UnitLevel? ResolvedLevel { get; private set; }

    public string? ResolvedUnitCode { get; private set; }

    public RejectionReason? RejectionReason { get; private set; }

    public int? Rating { get; private set; }

    public string? RatingComment { get; private set; }

    public DateTimeOffset? RatedAt { get; private set; }

    public int FollowerCount { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    public long Version { get; private set; }

    /// <summary>Timeline entries so far; numbers the next one without loading the timeline.</summary>
    public int ActionCount { get; private set; }

    /// <summary>The timeline. Steps append to it without loading it; load it to read it.</summary>
    public List<CaseAction> Actions { get; private set; } = [];

    public List<CaseTierStep> TierSteps { get; private set; } = [];

    public IReadOnlyList<IDomainEvent> DomainEvents => _events;

    public void ClearDomainEvents() => _events.Clear();

    /// <summary>How the running stage stands at <paramref name="now"/>.</summary>
    public DeadlineState DeadlineStateAt(DateTimeOffset now) =>
        StageDueAt is not { } due ? DeadlineState.Normal
        : now > due ? DeadlineState.Overdue
        : StageDueSoonAt is { } soon && now >= soon ? DeadlineState.DueSoon
        : DeadlineState.Normal;

    /// <summary>上报: a new report, waiting to be filed.</summary>
    public static Case Report(NewCase details, ActorStamp reporter, StageClock clock)
    {
        var report = new Case(details, clock);
        report.Record(CaseActionKinds.Report, reporter, clock, null, "已收到您的反映。");
        return report;
    }

    /// <summary>立案: accepted as a case of <paramref name="category"/>.</summary>
    public void File(CategoryVersion category, ActorStamp actor, StageClock clock, string? note)
    {
        Rules.Check(new StepMustFollowTheWorkflow("立案", Status, CaseStatus.Reported));
        ConfirmCategory(category, actor, clock);
        ApplyCategory(category);
        FiledAt = clock.Now;
        FiledOnTime = StageDueAt is not { } due || clock.Now <= due;
        TriageReasons = null;
        EnterStatus(CaseStatus.Filed, clock);
        StartStage(CaseStage.Dispatch, clock);
        Record(CaseActionKinds.File, actor, clock, note, "已立案，正在派遣处置单位。");
    }

    /// <summary>改类: a person corrects the category before filing (the correction also trains the classifier).</summary>
    public void Recategorise(CategoryVersion category, ActorStamp actor, StageClock clock)
    {
        Rules.Check(new StepMustFollowTheWorkflow("修改类别", Status, CaseStatus.Reported, CaseStatus.Filed, CaseStatus.Dispatched, CaseStatus.InProgress));
        var previous = CategoryCode ?? SuggestedCategoryCode;
        ConfirmCategory(category, actor, clock);
        ApplyCategory(category);
        Record(CaseActionKinds.Triage, actor, clock, $"类别：{previous ?? "未分类"} → {category.CategoryCode} {category.Name}", null);
    }

    /// <summary>不予立案: refused with a reason; a duplicate points at the case it repeats, which gains a follower.</summary>
    public void Reject(RejectionReason reason, string? note, Case? duplicateOf, ActorStamp actor, StageClock clock)
    {
        Rules.Check(new StepMustFollowTheWorkflow("不予立案", Status, CaseStatus.Reported));
        Rules.Check(new ReasonIsRequired("不予立案", reason == Domain.RejectionReason.Duplicate ? "重复" : note));
        RejectionReason = reason;
        EnterStatus(CaseStatus.Rejected, clock);
        TriageReasons = null;
        if (duplicateOf is not null)
        {
            MergedIntoId = duplicateOf.Id;
            duplicateOf.AddFollower(actor, clock);
        }

        EndStage();
        var publicNote = reason == Domain.RejectionReason.Duplicate && duplicateOf is not null
            ? $"与已有案件 {duplicateOf.TrackingCode} 重复，已合并关注，可用该查询码查看进展。"
            : $"不予立案：{CaseText.Rejection(reason)}。{note}".Trim();
        Record(CaseActionKinds.Reject, actor, clock, note, publicNote);
    }

    /// <summary>派遣: sends the case to a holder; <paramref name="basis"/> names the routing rule or the override reason.</summary>
    public void Dispatch(HolderTarget target, string basis, ActorStamp actor, StageClock clock)
    {
        Rules.Check(new StepMustFollowTheWorkflow("派遣", Status, CaseStatus.Filed));
        FirstDispatchedAt ??= clock.Now;
        DispatchCount++;
        MoveTo(target, "routed", basis, clock);
        EnterStatus(CaseStatus.Dispatched, clock);
        StartStage(CaseStage.Acceptance, clock);
        Record(CaseActionKinds.Dispatch, actor, clock, $"派遣至{CaseText.Tier(target.Level)} {target.UnitCode}{(target.DepartmentCode is null ? "" : " / " + target.DepartmentCode)}：{basis}", "已派遣处置单位。");
    }

    /// <summary>签收: the holder accepts; the disposal limit starts.</summary>
    public void Accept(ActorStamp actor, StageClock clock)
    {
        Rules.Check(new StepMustFollowTheWorkflow("签收", Status, CaseStatus.Dispatched));
        MarkOverdueIfPassed(clock);
        AcceptedByUserId = actor.UserId;
        EnterStatus(CaseStatus.InProgress, clock);
        StartStage(CaseStage.Disposal, clock);
        Record(CaseActionKinds.Accept, actor, clock, null, "处置单位已签收，正在处理。");
    }

    /// <summary>退回: the holder says the dispatch was wrong; the case goes back to the dispatcher and the return is counted.</summary>
    public void Return(string reason, ActorStamp actor, StageClock clock)
    {
        Rules.Check(new StepMustFollowTheWorkflow("退回", Status, CaseStatus.Dispatched));
        Rules.Check(new ReasonIsRequired("退回", reason));
        ReturnCount++;
        CloseTierStep(clock);
        HolderLevel = null;
        HolderUnitCode = AssignedDepartmentCode = null;
        EnterStatus(CaseStatus.Filed, clock);
        StartStage(CaseStage.Dispatch, clock);
        Record(CaseActionKinds.Return, actor, clock, reason, null);
    }

    /// <summary>处置记录: a note (and photos) while disposing.</summary>
    public void RecordProgress(string note, bool isPublic, ActorStamp actor, StageClock clock)
    {
        Rules.Check(new StepMustFollowTheWorkflow("记录处置情况", Status, CaseStatus.InProgress));
        Rules.Check(new ReasonIsRequired("处置记录", note));
        Record(CaseActionKinds.Progress, actor, clock, note, isPublic ? note : null);
    }

    /// <summary>处置完毕，申请结案: verification on site starts.</summary>
    public void RequestClose(string note, ActorStamp actor, StageClock clock)
    {
        Rules.Check(new StepMustFollowTheWorkflow("申请结案", Status, CaseStatus.InProgress));
        Rules.Check(new ReasonIsRequired("申请结案（处置结果）", note));
        var onTime = StageDueAt is not { } due || clock.Now <= due;
        MarkOverdueIfPassed(clock);
        DisposedOnTime ??= onTime;
        DisposedAt = clock.Now;
        DisposedByUserId = actor.UserId;
        EnterStatus(CaseStatus.AwaitingVerification, clock);
        StartStage(CaseStage.Verification, clock);
        Record(CaseActionKinds.RequestClose, actor, clock, note, "处置完毕，等待现场核查。");
    }

    /// <summary>核查: passed → 结案 at the holder's tier; failed → 返工 with a fresh disposal limit.</summary>
    public void Verify(bool passed, string? note, ActorStamp actor, StageClock clock)
    {
        Rules.Check(new StepMustFollowTheWorkflow("核查", Status, CaseStatus.AwaitingVerification));
        Rules.Check(new DisposerDoesNotVerify(DisposedByUserId, actor.UserId));
        if (passed)
        {
            Close(WasOverdue ? Domain.CloseType.Overdue : Domain.CloseType.Normal, actor, clock, note, CaseActionKinds.VerifyPass);
            return;
        }

        Rules.Check(new ReasonIsRequired("核查不通过（返工）", note));
        ReworkCount++;
        EnterStatus(CaseStatus.InProgress, clock);
        StartStage(CaseStage.Disposal, clock);
        Record(CaseActionKinds.VerifyFail, actor, clock, note, "核查未通过，已要求重新处置。");
    }

    /// <summary>当场处置: a grid worker's own report resolved on the spot closes at grid tier at once.</summary>
    public void CloseOnTheSpot(CategoryVersion category, HolderTarget gridTier, string note, ActorStamp actor, StageClock clock)
    {
        Rules.Check(new StepMustFollowTheWorkflow("当场处置", Status, CaseStatus.Reported));
        Rules.Check(new ReasonIsRequired("当场处置（处置结果）", note));
        ApplyCategory(category);
        FiledAt = clock.Now;
        FiledOnTime = true;
        TriageReasons = null;
        MoveTo(gridTier, "routed", "当场处置", clock);
        AcceptedByUserId = DisposedByUserId = actor.UserId;
        DisposedAt = clock.Now;
        DisposedOnTime = true;
        Close(Domain.CloseType.OnTheSpot, actor, clock, note, CaseActionKinds.CloseOnTheSpot);
    }

    /// <summary>上报上级 / 超期提级: the case climbs one tier; the new holder must accept it.</summary>
    public void Escalate(string reason, bool becauseOverdue, ActorStamp actor, StageClock clock)
    {
        Rules.Check(new StepMustFollowTheWorkflow("提级", Status, CaseStatus.Dispatched, CaseStatus.InProgress));
        Rules.Check(new ReasonIsRequired("提级", reason));
        var next = HolderLevel is { } level && level > UnitLevel.County ? level - 1 : (UnitLevel?)null;
        var unit = next is { } up ? UnitPaths.CodeAt(UnitPath, up) : null;
        Rules.Check(new ThereIsAHigherTier(unit is not null && AssignedDepartmentCode is null));
        if (becauseOverdue)
        {
            WasOverdue = true;
            RedCardCount++;
        }

        EscalationCount++;
        MoveTo(new HolderTarget(next!.Value, unit!, null), becauseOverdue ? "overdue-escalated" : "escalated", reason, clock);
        EnterStatus(CaseStatus.Dispatched, clock);

        // The red card is counted; the new tier's stage starts without one, so that it too can escalate when it breaches.
        StartStage(CaseStage.Acceptance, clock);
        Record(CaseActionKinds.Escalate, actor, clock, reason, $"已提交{CaseText.Tier(next.Value)}层级处理。");
        _events.Add(new CaseEscalated(
            Id, TrackingCode, CategoryCode, Title, Description, Address, Longitude, Latitude, GridCode, CommunityCode, HolderUnitCode, reason.Trim(),
            ReportedAt, clock.Now));
    }

    /// <summary>下派: an upper tier hands the case back down to a lower one within the case's path.</summary>
    public void HandDown(HolderTarget target, string reason, ActorStamp actor, StageClock clock)
    {
        Rules.Check(new StepMustFollowTheWorkflow("下派", Status, CaseStatus.Dispatched, CaseStatus.InProgress));
        Rules.Check(new ReasonIsRequired("下派", reason));
        if (HolderLevel is not { } level || target.Level <= level || UnitPaths.CodeAt(UnitPath, target.Level) != target.UnitCode)
        {
            throw new ValidationFailedException("target", "只能下派给案件所在位置的下级单位。");
        }

        MoveTo(target, "handed-down", reason, clock);
        EnterStatus(CaseStatus.Dispatched, clock);
        StartStage(CaseStage.Acceptance, clock);
        Record(CaseActionKinds.HandDown, actor, clock, reason, null);
    }

    /// <summary>申请延期 / 申请挂起: waits for the upper tier's approval.</summary>
    public void RequestApproval(ApprovalKind kind, string reason, TimeLimit? extension, ActorStamp actor, StageClock clock)
    {
        Rules.Check(new StepMustFollowTheWorkflow(kind == ApprovalKind.Extension ? "申请延期" : "申请挂起", Status, CaseStatus.InProgress));
        Rules.Check(new OneApprovalAtATime(PendingApproval));
        Rules.Check(new ReasonIsRequired(kind == ApprovalKind.Extension ? "申请延期" : "申请挂起", reason));
        if (kind == ApprovalKind.Extension && extension is not { IsValid: true })
        {
            throw new ValidationFailedException("extension", "请填写延期时长（1–365 工作时或工作日）。");
        }

        PendingApproval = kind;
        PendingApprovalReason = reason;
        PendingExtension = kind == ApprovalKind.Extension ? extension : null;
        Record(kind == ApprovalKind.Extension ? CaseActionKinds.RequestExtension : CaseActionKinds.RequestSuspension, actor, clock,
            kind == ApprovalKind.Extension ? $"{extension}：{reason}" : reason, null);
    }

    /// <summary>审批: approving an extension moves the deadline; approving a suspension stops the clock.</summary>
    public void DecideApproval(bool approve, string? note, ActorStamp actor, StageClock clock)
    {
        if (PendingApproval is not { } kind)
        {
            throw new ConflictException("没有待审批的申请。");
        }

        PendingApproval = null;
        if (!approve)
        {
            Rules.Check(new ReasonIsRequired("不予批准", note));
            PendingExtension = null;
            Record(CaseActionKinds.Deny, actor, clock, note, null);
            return;
        }

        if (kind == ApprovalKind.Extension)
        {
            var extension = PendingExtension!.Value;
            var from = StageDueAt is { } due && due > clock.Now ? due : clock.Now;
            var window = clock.Window(from, extension);
            StageDueAt = window.Due;
            StageDueSoonAt = window.DueSoon;
            Card = SupervisionCard.None;
            ExtensionCount++;
            PendingExtension = null;
            Record(CaseActionKinds.Approve, actor, clock, $"批准延期 {extension}。{note}".Trim(), "处置时限已依规延长。");
        }
        else
        {
            SuspendedTotal = StageDueAt is { } due ? clock.Calendar.WorkingTimeBetween(StageStartedAt, due) : null;
            SuspendedRemaining = StageDueAt is { } stillDue ? clock.Calendar.WorkingTimeBetween(clock.Now, stillDue) : null;
            SuspensionCount++;
            EnterStatus(CaseStatus.Suspended, clock);
            StageDueAt = StageDueSoonAt = null;
            Record(CaseActionKinds.Approve, actor, clock, $"批准挂起。{note}".Trim(), "案件暂缓处理。");
        }
    }

    /// <summary>恢复: a suspended case continues with the working time it had left.</summary>
    public void Resume(ActorStamp actor, StageClock clock)
    {
        Rules.Check(new StepMustFollowTheWorkflow("恢复处置", Status, CaseStatus.Suspended));
        EnterStatus(CaseStatus.InProgress, clock);
        if (SuspendedRemaining is { } remaining && SuspendedTotal is { } total)
        {
            var window = clock.Resume(remaining, total);
            StageDueAt = window.Due;
            StageDueSoonAt = window.DueSoon;
        }

        SuspendedRemaining = SuspendedTotal = null;
        Record(CaseActionKinds.Resume, actor, clock, null, "案件恢复处理。");
    }

    /// <summary>督办: a supervision order to the holder, with a note.</summary>
    public void Supervise(string note, ActorStamp actor, StageClock clock)
    {
        Rules.Check(new StepMustFollowTheWorkflow("督办", Status, CaseStatus.Filed, CaseStatus.Dispatched, CaseStatus.InProgress, CaseStatus.AwaitingVerification, CaseStatus.Suspended));
        Rules.Check(new ReasonIsRequired("督办", note));
        SupervisionCount++;
        Record(CaseActionKinds.Supervise, actor, clock, note, null);
    }

    /// <summary>
    /// Raised by the deadline sweeper: a yellow card when the stage turns due soon, a red card when it is overdue.
    /// Returns false when the card is already up (so several nodes raise it once).
    /// </summary>
    public bool RaiseCard(SupervisionCard card, StageClock clock)
    {
        if (card <= Card || Stage == CaseStage.None)
        {
            return false;
        }

        Card = card;
        if (card == SupervisionCard.Yellow)
        {
            YellowCardCount++;
        }
        else
        {
            RedCardCount++;
            MarkOverdueIfPassed(clock);
        }

        Record(CaseActionKinds.Card, ActorStamp.System, clock, card == SupervisionCard.Yellow ? "黄牌：即将超期" : "红牌：已超期", null);
        return true;
    }

    /// <summary>评价: the reporter's 1–5 stars and comment after closing.</summary>
    public void Rate(int score, string? comment, ActorStamp actor, StageClock clock)
    {
        Rules.Check(new StepMustFollowTheWorkflow("评价", Status, CaseStatus.Closed));
        Rules.Check(new RatingIsOneToFiveOnce(score, Rating));
        if (ClosedAt is { } closed && clock.Now > closed.AddDays(clock.Options.RatingWindowDays))
        {
            throw new ConflictException($"结案已超过 {clock.Options.RatingWindowDays} 天，评价已关闭。");
        }

        Rating = score;
        RatingComment = string.IsNullOrWhiteSpace(comment) ? null : comment.Trim();
        RatedAt = clock.Now;
        Record(CaseActionKinds.Rate, actor, clock, $"{score} 星 {RatingComment}".Trim(), "感谢您的评价。");
    }

    /// <summary>重新打开: the reporter says the problem is back; the tier that resolved it takes it again.</summary>
    public void Reopen(string reason, ActorStamp actor, StageClock clock)
    {
        Rules.Check(new StepMustFollowTheWorkflow("重新打开", Status, CaseStatus.Closed));
        Rules.Check(new ReasonIsRequired("重新打开", reason));
        Rules.Check(new ReopenWithinWindow(ClosedAt, clock.Now, clock.Options.ReopenWindowDays));
        ReopenCount++;
        var target = new HolderTarget(ResolvedLevel!.Value, ResolvedUnitCode!, AssignedDepartmentCode);
        ClosedAt = null;
        CloseType = null;
        ClosedOnTime = null;
        Rating = null;
        RatingComment = null;
        RatedAt = null;
        ResolvedLevel = null;
        ResolvedUnitCode = null;
        MoveTo(target, "reopened", reason, clock);
        EnterStatus(CaseStatus.Dispatched, clock);
        StartStage(CaseStage.Acceptance, clock);
        Record(CaseActionKinds.Reopen, actor, clock, reason, "案件已重新打开，原处置单位将继续处理。");
    }

    /// <summary>我也遇到 (me too): another person follows this case instead of reporting a duplicate.</summary>
    public void AddFollower(ActorStamp actor, StageClock clock)
    {
        FollowerCount++;
        Record(CaseActionKinds.Follow, actor, clock, null, null);
    }

    /// <summary>Key rotation re-encrypts the reporter's contact; the values themselves do not change.</summary>
    public void ReplaceReporterCiphers(string? nameCipher, string? phoneCipher)
    {
        ReporterNameCipher = nameCipher;
        ReporterPhoneCipher = phoneCipher;
    }

    /// <summary>协调主办: a case touching several units is coordinated by their lowest common ancestor.</summary>
    public void SetCoordinator(string unitCode) => CoordinatorUnitCode = unitCode;

    /// <summary>
    /// 跨网格/跨社区: the case touches further units. The lowest common ancestor of all of them (<paramref name="coordinator"/>)
    /// becomes the coordinating owner: when it lies above the current holder the case moves there (a tier step
    /// "coordinated", a new acceptance stage), so that it resolves — and is counted once — at the coordinator's tier.
    /// </summary>
    public void Coordinate(IReadOnlyList<(string Code, string Name)> involvedUnits, HolderTarget coordinator, string reason, ActorStamp actor, StageClock clock)
    {
        Rules.Check(new StepMustFollowTheWorkflow("跨单位协调", Status, CaseStatus.Filed, CaseStatus.Dispatched, CaseStatus.InProgress));
        Rules.Check(new ReasonIsRequired("跨单位协调", reason));
        CoordinatorUnitCode = coordinator.UnitCode;
        var moves = AssignedDepartmentCode is null && (HolderLevel is not { } level || coordinator.Level < level);
        if (moves)
        {
            if (Status == CaseStatus.Filed)
            {
                FirstDispatchedAt ??= clock.Now;
                DispatchCount++;
            }

            MoveTo(coordinator, "coordinated", reason, clock);
            EnterStatus(CaseStatus.Dispatched, clock);
            StartStage(CaseStage.Acceptance, clock);
        }

        Record(CaseActionKinds.Coordinate, actor, clock,
            $"涉及单位：{string.Join("、", involvedUnits.Select(u => $"{u.Name}（{u.Code}）"))}；协调主办：{CaseText.Tier(coordinator.Level)} {coordinator.UnitCode}{(moves ? "（已移交）" : "")}。{reason}",
            $"此事涉及多个单位，由{CaseText.Tier(coordinator.Level)}协调办理。", [.. involvedUnits.Select(u => u.Code)]);
    }

    /// <summary>A category a person chose (agreeing with the classifier or not) is a labelled example for retraining.</summary>
    private void ConfirmCategory(CategoryVersion category, ActorStamp actor, StageClock clock)
    {
        if (actor.UserId is null)
        {
            return;
        }

        _events.Add(new CaseCategoryConfirmed(Id, Title, Description, SuggestedLabel, category.CategoryCode, category.Name, actor.UserId, clock.Now));
    }

    private void ApplyCategory(CategoryVersion category)
    {
        CategoryId = category.CategoryId;
        CategoryCode = category.CategoryCode;
        CategoryVersionId = category.Id;
        DisposalLimit = category.DisposalLimit;
        Priority = category.Priority > Priority ? category.Priority : Priority;
        IsPublic = category.IsPublic && !HasSensitiveContent;
    }

    private void Close(CloseType type, ActorStamp actor, StageClock clock, string? note, string kind)
    {
        ClosedAt = clock.Now;
        CloseType = type;
        ClosedOnTime = !WasOverdue;
        ResolvedLevel = HolderLevel;
        ResolvedUnitCode = HolderUnitCode;
        EnterStatus(CaseStatus.Closed, clock);
        CloseTierStep(clock);
        EndStage();
        Record(kind, actor, clock, note, $"已办结（{CaseText.Tier(HolderLevel ?? UnitLevel.Community)}层级）。{(string.IsNullOrWhiteSpace(note) ? "" : note)}".Trim());
    }

    private void MoveTo(HolderTarget target, string how, string? reason, StageClock clock)
    {
        CloseTierStep(clock);
        HolderLevel = target.Level;
        HolderUnitCode = target.UnitCode;
        AssignedDepartmentCode = target.DepartmentCode;
        TierSteps.Add(new CaseTierStep(Id, TierSteps.Count + 1, target.Level, target.UnitCode, target.DepartmentCode, how, reason, clock.Now));
    }

    private void CloseTierStep(StageClock clock)
    {
        if (TierSteps.Count > 0)
        {
            TierSteps.MaxBy(s => s.Sequence)!.Leave(clock.Now);
        }
    }

    private void MarkOverdueIfPassed(StageClock clock)
    {
        if (Stage is CaseStage.Acceptance or CaseStage.Disposal && StageDueAt is { } due && clock.Now > due)
        {
            WasOverdue = true;
        }
    }

    private void StartStage(CaseStage stage, StageClock clock)
    {
        Stage = stage;
        StageNumber++;
        StageStartedAt = clock.Now;
        Card = SupervisionCard.None;
        var window = clock.LimitFor(stage, Priority, DisposalLimit ?? new TimeLimit(3, TimeLimitUnit.WorkingDays));
        StageDueAt = window.Due;
        StageDueSoonAt = window.DueSoon;
    }

    private void EndStage()
    {
        Stage = CaseStage.None;
        StageNumber++;
        StageDueAt = StageDueSoonAt = null;
        Card = SupervisionCard.None;
        PendingApproval = null;
        PendingExtension = null;
    }

    private void Record(string kind, ActorStamp actor, StageClock clock, string? note, string? publicNote, IReadOnlyList<string>? addedUnitCodes = null)
    {
        UpdatedAt = clock.Now;
        Version++;
        ActionCount++;
        Actions.Add(new CaseAction(Id, ActionCount, kind, actor, clock.Now, Status, note, publicNote));
        _events.Add(new CaseStepTaken(
            Id, TrackingCode, kind, Status.ToString(), CategoryCode, UnitPath, HolderLevel, HolderUnitCode, AssignedDepartmentCode,
            ReporterUserId, publicNote, clock.Now, Channel.ToString(), addedUnitCodes));
    }

    // Coordination replies (协办反馈): what an involved unit reports back to the coordinating owner.

    /// <summary>The statuses in which a case still has a holder to report to; closed and rejected cases take no replies.</summary>
    private static readonly CaseStatus[] OpenForCoordinationReplies =
        [CaseStatus.Filed, CaseStatus.Dispatched, CaseStatus.InProgress, CaseStatus.AwaitingVerification, CaseStatus.Suspended];

    /// <summary>
    /// 协办反馈: staff of a unit the case involves record their part (what they found or did) on the timeline. The reply
    /// informs the holder; it changes neither the status, the holder nor the stage deadline — the involved unit does not
    /// take over the case's workflow.
    /// </summary>
    public void RecordCoordinationReply(string note, ActorStamp actor, StageClock clock)
    {
        Rules.Check(new StepMustFollowTheWorkflow("提交协办反馈", Status, OpenForCoordinationReplies));
        Rules.Check(new ReasonIsRequired("协办反馈", note));
        Record(CaseActionKinds.CoordinationReply, actor, clock, note, null);
    }

    // ── Working time per stage (各环节工作用时, indicators; see StageWorkingTime and docs/indicators.md) ──

    /// <summary>
    /// When the current status began, so that its working time can be added to its stage when it ends. Null on cases
    /// stored before stage times were kept: nothing is added live, and the rebuild (<c>fengqiao indicators rebuild</c>,
    /// or a node's start) replays their timeline.
    /// </summary>
    public DateTimeOffset? StatusSince { get; private set; }

    /// <summary>Working microseconds spent waiting to be filed (待立案), over completed passes.</summary>
    public long? FilingWorkingMicroseconds { get; private set; }

    /// <summary>Working microseconds spent waiting to be dispatched (待派遣, including after a return).</summary>
    public long? DispatchWorkingMicroseconds { get; private set; }

    /// <summary>Working microseconds spent with a holder: 待签收 and 处置中, every pass (escalation, rework, reopening).</summary>
    public long? DisposalWorkingMicroseconds { get; private set; }

    /// <summary>Working microseconds spent waiting for verification (待核查), every round.</summary>
    public long? VerificationWorkingMicroseconds { get; private set; }

    /// <summary>The stage times so far (completed passes only; the running status is not counted until it ends).</summary>
    public StageWorkingTime WorkingTime => new(
        FilingWorkingMicroseconds ?? 0, DispatchWorkingMicroseconds ?? 0, DisposalWorkingMicroseconds ?? 0, VerificationWorkingMicroseconds ?? 0);

    /// <summary>
    /// Backfill of a case stored before stage times were kept: its timeline replayed with the working calendar, as the
    /// live path would have added it. A case without a timeline (written past the application) falls back to the
    /// spans between its own timestamps.
    /// </summary>
    internal void BackfillWorkingTime(IReadOnlyList<(DateTimeOffset At, CaseStatus StatusAfter)> timeline, Kernel.Calendar.WorkingCalendar calendar)
    {
        if (StageWorkingTime.Replay(timeline, calendar) is { } replayed)
        {
            SetWorkingTime(replayed.Time, replayed.Since);
            return;
        }

        long Between(DateTimeOffset? from, DateTimeOffset? to) =>
            from is { } f && to is { } t ? StageWorkingTime.Microseconds(StageWorkingTime.Between(calendar, f, t)) : 0;
        SetWorkingTime(
            new StageWorkingTime(Between(ReportedAt, FiledAt), Between(FiledAt, FirstDispatchedAt), Between(FirstDispatchedAt, DisposedAt), Between(DisposedAt, ClosedAt)),
            UpdatedAt > ReportedAt ? UpdatedAt : ReportedAt);
    }

    private void StartWorkingTime(DateTimeOffset now) => SetWorkingTime(default, now);

    /// <summary>Every status change goes through here: the status left adds its working time to its stage.</summary>
    private void EnterStatus(CaseStatus next, StageClock clock)
    {
        if (next != Status && StatusSince is { } since)
        {
            SetWorkingTime(WorkingTime.Add(Status, StageWorkingTime.Between(clock.Calendar, since, clock.Now)), clock.Now);
        }

        Status = next;
    }

    private void SetWorkingTime(StageWorkingTime time, DateTimeOffset statusSince)
    {
        (FilingWorkingMicroseconds, DispatchWorkingMicroseconds, DisposalWorkingMicroseconds, VerificationWorkingMicroseconds) =
            (time.Filing, time.Dispatch, time.Disposal, time.Verification);
        StatusSince = statusSince;
    }
}
