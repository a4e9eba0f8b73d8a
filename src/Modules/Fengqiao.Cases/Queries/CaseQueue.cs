namespace Fengqiao.Cases.Queries;

/// <summary>The staff queues (待办) a console offers.</summary>
public enum CaseQueue
{
    /// <summary>全部 within the jurisdiction.</summary>
    All = 0,

    /// <summary>待分拣: reports waiting for a person (unclassified, low confidence, possible duplicate, outside grids, sensitive).</summary>
    Triage = 1,

    /// <summary>待立案</summary>
    ToFile = 2,

    /// <summary>待派遣</summary>
    ToDispatch = 3,

    /// <summary>我的待办: held by my unit or department, to accept or dispose.</summary>
    Mine = 4,

    /// <summary>待核查</summary>
    ToVerify = 5,

    /// <summary>已超期</summary>
    Overdue = 6,

    /// <summary>待审批 (extensions and suspensions)</summary>
    Approvals = 7,

    /// <summary>已办结</summary>
    Closed = 8,
}
