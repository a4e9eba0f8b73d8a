namespace Fengqiao.Kernel.Errors;

/// <summary>
/// A failure a caller can understand and act on. The host turns each into an RFC 9457 problem response
/// (API) or a readable message (UI); the message is written for people, in Chinese.
/// </summary>
public abstract class FengqiaoException : Exception
{
    protected FengqiaoException(string message) : base(message)
    {
    }

    /// <summary>The HTTP status the host answers with.</summary>
    public abstract int StatusCode { get; }

    /// <summary>A stable machine-readable code, e.g. "not-found" or the name of a broken business rule.</summary>
    public abstract string Code { get; }
}
