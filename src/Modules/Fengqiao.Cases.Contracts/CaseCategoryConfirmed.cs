using Fengqiao.Kernel.Messaging;

namespace Fengqiao.Cases.Contracts;

/// <summary>
/// A person chose a case's category (at triage, filing or correction) where the classifier suggested another or was not
/// sure: a labelled example for retraining the classifier.
/// </summary>
public sealed record CaseCategoryConfirmed(Guid CaseId, string Title, string Text, string? SuggestedLabel, string CategoryCode, string? CategoryName, Guid? ByUserId, DateTimeOffset At) : IDomainEvent;
