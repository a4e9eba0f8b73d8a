using Fengqiao.Cases.Categories;
using Fengqiao.Cases.Domain;
using Fengqiao.Kernel.Units;

namespace Fengqiao.Cases.Workflow;

/// <summary>
/// A staff step on a case. <see cref="Version"/> is the case version the person saw: if someone else acted meanwhile the
/// step is refused as a conflict instead of overwriting their work. <see cref="PhotoIds"/> name uploaded photos for the
/// steps that take them (处置记录/答复 and 申请结案: before and after photos).
/// </summary>
public sealed record CaseStepRequest(long? Version, string? Note, IReadOnlyList<Guid>? PhotoIds = null);

/// <summary>立案 with the confirmed or corrected category.</summary>
public sealed record FileRequest(long? Version, string? CategoryCode, string? Note);

/// <summary>不予立案; <see cref="DuplicateOf"/> is the tracking code of the case it repeats.</summary>
public sealed record RejectRequest(long? Version, RejectionReason? Reason, string? Note, string? DuplicateOf);

/// <summary>派遣: without a target the routing rules decide; an override needs a reason.</summary>
public sealed record DispatchRequest(long? Version, UnitLevel? Tier, string? DepartmentCode, string? OverrideReason);

/// <summary>下派 to a lower tier on the case's path.</summary>
public sealed record HandDownRequest(long? Version, UnitLevel? Tier, string? Reason);

/// <summary>核查: passed or not, with a note (required when not passed) and photos taken on site.</summary>
public sealed record VerifyRequest(long? Version, bool? Passed, string? Note, IReadOnlyList<Guid>? PhotoIds = null);

/// <summary>申请延期.</summary>
public sealed record ExtensionRequest(long? Version, int? Amount, TimeLimitUnit? Unit, string? Reason);

/// <summary>审批.</summary>
public sealed record DecisionRequest(long? Version, bool? Approve, string? Note);

/// <summary>改类.</summary>
public sealed record RecategoriseRequest(long? Version, string? CategoryCode);

/// <summary>After a step: the case's new status and version, for the next step.</summary>
public sealed record CaseStepResult(Guid Id, string TrackingCode, CaseStatus Status, long Version, UnitLevel? HolderLevel, string? HolderUnitCode, string? HolderDepartmentCode);
