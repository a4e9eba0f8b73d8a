using Fengqiao.Mediation.Disputes;

namespace Fengqiao.Mediation.Agreements;

/// <summary>One obligation as entered: the party (one of the case's parties), what, how, by when, the amount if a payment.</summary>
public sealed record ObligationRequest(Guid? PartyId, string? Content, string? Manner, DateOnly? DueOn, bool IsPayment, decimal? Amount);

/// <summary>A draft's content; Version is required when editing (the version read).</summary>
public sealed record AgreementRequest(
    AgreementForm? Form, string? Facts, string? DisputedMatters, string? Responsibilities, IReadOnlyList<ObligationRequest>? Obligations, long? Version);

public sealed record IssueAgreementRequest(long? Version);

/// <summary>A signature recorded from the paper: a party (PartyId), a mediator (MediatorUserId) or the committee's seal.</summary>
public sealed record SignAgreementRequest(AgreementSigner? Signer, Guid? PartyId, Guid? MediatorUserId, SignatureMethod? Method, DateOnly? SignedOn);

public sealed record PerformanceRequest(bool? Performed, DateOnly? On, string? Note);

public sealed record ConfirmationApplicationRequest(DateOnly? AppliedOn, string? Court);

public sealed record ConfirmationDecisionRequest(ConfirmationDecision? Decision, DateOnly? DecidedOn, AfterInvalidity? Next);

public sealed record AgreementPartyView(Guid Id, string Name, PartyRole Role, bool HasSigned);

public sealed record AgreementMediatorView(Guid UserId, string Name, bool HasSigned);

public sealed record ObligationView(
    Guid Id, int Sequence, Guid? PartyId, string? PartyName, string Content, string Manner, DateOnly? DueOn, bool IsPayment, decimal? Amount,
    ObligationState State, DateOnly? PerformedOn, string? Note, bool IsOverdue);

public sealed record SignatureView(AgreementSigner Signer, Guid? PartyId, Guid? UserId, string Name, SignatureMethod Method, DateOnly SignedOn);

/// <summary>司法确认: the window (30 days from the effect), the application and the court's decision.</summary>
public sealed record ConfirmationView(
    DateOnly? WindowClosesOn, bool WindowOpen, DateOnly? AppliedOn, string? Court, ConfirmationDecision? Decision, DateOnly? DecidedOn, AfterInvalidity? Next);

public sealed record AgreementView(
    Guid Id, Guid CaseId, string CaseNumber, string Number, string CommitteeName, AgreementForm Form, AgreementStatus Status,
    string Facts, string DisputedMatters, string Responsibilities, IReadOnlyList<ObligationView> Obligations,
    IReadOnlyList<AgreementPartyView> Parties, IReadOnlyList<AgreementMediatorView> Mediators, bool CommitteeSealed,
    IReadOnlyList<SignatureView> Signatures, IReadOnlyList<string> Missing, DateOnly? IssuedOn, DateOnly? EffectiveOn,
    ConfirmationView Confirmation, DisputeStatus CaseStatus, long Version);
