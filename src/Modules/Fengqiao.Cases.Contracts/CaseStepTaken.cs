using Fengqiao.Kernel.Messaging;
using Fengqiao.Kernel.Units;

namespace Fengqiao.Cases.Contracts;

/// <summary>
/// Published after every step of a case's workflow, with the holder after the step. Subscribers notify the holder's
/// staff, tell the reporter about public steps, refresh staff consoles, and (for disputes) open mediation cases.
/// </summary>
public sealed record CaseStepTaken(
    Guid CaseId,
    string TrackingCode,
    string Kind,
    string Status,
    string? CategoryCode,
    string UnitPath,
    UnitLevel? HolderLevel,
    string? HolderUnitCode,
    string? HolderDepartmentCode,
    Guid? ReporterUserId,
    string? PublicNote,
    DateTimeOffset At,
    // The intake channel's name (CaseChannel), so that subscribers that care about one channel (informant points) are
    // not queued for every report. Null in messages written before it existed: such a subscriber must then look.
    string? Channel = null,
    // The units a coordination step (Kind "coordinate") added, so that their staff can be told without guessing which
    // involvement rows the step wrote. Null on other steps and in messages written before it existed.
    IReadOnlyList<string>? AddedUnitCodes = null) : IDomainEvent;
