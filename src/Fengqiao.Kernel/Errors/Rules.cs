namespace Fengqiao.Kernel.Errors;

public static class Rules
{
    /// <summary>Throws <see cref="BusinessRuleViolationException"/> when the rule is broken.</summary>
    public static void Check(IBusinessRule rule)
    {
        if (rule.IsBroken())
        {
            throw new BusinessRuleViolationException(rule);
        }
    }
}
