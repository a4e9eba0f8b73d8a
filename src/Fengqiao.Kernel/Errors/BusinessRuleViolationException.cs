namespace Fengqiao.Kernel.Errors;

/// <summary>A named business rule refused the action; the rule's name travels with the message.</summary>
public sealed class BusinessRuleViolationException(IBusinessRule rule) : FengqiaoException(rule.Message)
{
    public IBusinessRule Rule { get; } = rule;

    public override int StatusCode => 422;

    public override string Code => Rule.GetType().Name;
}
