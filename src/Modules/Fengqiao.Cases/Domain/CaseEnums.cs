namespace Fengqiao.Cases.Domain;

/// <summary>Where a report came in (上报渠道).</summary>
public enum CaseChannel
{
    /// <summary>居民上报 (web, phone)</summary>
    Resident = 1,

    /// <summary>网格员巡查上报</summary>
    GridPatrol = 2,

    /// <summary>热线 (12345 operator)</summary>
    Hotline = 3,

    /// <summary>信息员线索</summary>
    Informant = 4,

    /// <summary>REST API</summary>
    Api = 5,

    /// <summary>批量导入 (CSV)</summary>
    Import = 6,

    /// <summary>Open311 GeoReport v2</summary>
    Open311 = 7,
}

/// <summary>Workflow state: 上报 → 立案 → 派遣 → 处置 → 核查 → 结案 (→ 评价).</summary>
public enum CaseStatus
{
    /// <summary>待立案: reported, waiting to be filed or rejected (includes the triage queue).</summary>
    Reported = 1,

    /// <summary>不予立案 (invalid, duplicate, not our responsibility).</summary>
    Rejected = 2,

    /// <summary>待派遣: filed, or returned by a wrongly chosen body.</summary>
    Filed = 3,

    /// <summary>待签收: dispatched to a holder who has not accepted yet.</summary>
    Dispatched = 4,

    /// <summary>处置中</summary>
    InProgress = 5,

    /// <summary>待核查: the holder asked to close; on-site verification pending.</summary>
    AwaitingVerification = 6,

    /// <summary>已结案</summary>
    Closed = 7,

    /// <summary>挂起/缓办: approved suspension, the clock stops.</summary>
    Suspended = 8,
}

/// <summary>The stage whose time limit is running.</summary>
public enum CaseStage
{
    /// <summary>立案</summary>
    Filing = 1,

    /// <summary>派遣</summary>
    Dispatch = 2,

    /// <summary>签收</summary>
    Acceptance = 3,

    /// <summary>处置</summary>
    Disposal = 4,

    /// <summary>核查</summary>
    Verification = 5,

    /// <summary>No limit runs (closed, rejected, suspended).</summary>
    None = 9,
}

/// <summary>How the running stage stands against its limit.</summary>
public enum DeadlineState
{
    /// <summary>正常</summary>
    Normal = 1,

    /// <summary>将到期</summary>
    DueSoon = 2,

    /// <summary>已超期</summary>
    Overdue = 3,
}

/// <summary>督办牌: raised automatically when a stage is due soon (yellow) or overdue (red).</summary>
public enum SupervisionCard
{
    None = 0,

    /// <summary>黄牌</summary>
    Yellow = 1,

    /// <summary>红牌</summary>
    Red = 2,
}

/// <summary>Why a report is not filed (不予立案).</summary>
public enum RejectionReason
{
    /// <summary>无效 (not a real problem, insufficient information)</summary>
    Invalid = 1,

    /// <summary>重复</summary>
    Duplicate = 2,

    /// <summary>非本辖区/非职责范围</summary>
    NotOurResponsibility = 3,
}

/// <summary>结案类型.</summary>
public enum CloseType
{
    /// <summary>正常结案</summary>
    Normal = 1,

    /// <summary>超期结案</summary>
    Overdue = 2,

    /// <summary>当场处置 (closed by the grid worker on the spot)</summary>
    OnTheSpot = 3,

    /// <summary>特殊结案 (approved closing without disposal)</summary>
    Special = 4,
}

/// <summary>A request that waits for an upper tier's approval.</summary>
public enum ApprovalKind
{
    /// <summary>延期</summary>
    Extension = 1,

    /// <summary>挂起/缓办</summary>
    Suspension = 2,
}
