namespace Fengqiao.Kernel.Errors;

/// <summary>Input that cannot be accepted, with a message per field.</summary>
public sealed class ValidationFailedException : FengqiaoException
{
    public ValidationFailedException(IReadOnlyDictionary<string, string[]> errors)
        : base("提交的数据有误：" + string.Join("；", errors.SelectMany(pair => pair.Value)))
    {
        Errors = errors;
    }

    public ValidationFailedException(string field, string message)
        : this(new Dictionary<string, string[]> { [field] = [message] })
    {
    }

    public IReadOnlyDictionary<string, string[]> Errors { get; }

    public override int StatusCode => 400;

    public override string Code => "validation-failed";
}
