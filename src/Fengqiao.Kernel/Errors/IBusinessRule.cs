namespace Fengqiao.Kernel.Errors;

/// <summary>A small named rule an entity checks before it changes (e.g. UnitNoticeMustFitOnASign).</summary>
public interface IBusinessRule
{
    bool IsBroken();

    /// <summary>What a person is told when the rule is broken.</summary>
    string Message { get; }
}
