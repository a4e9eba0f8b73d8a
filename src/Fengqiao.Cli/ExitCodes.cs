namespace Fengqiao.Cli;

/// <summary>The process exit codes of <c>fengqiao</c>; scripts rely on them (docs/cli.md).</summary>
public static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>Anything not foreseen: database unreachable, a bug. The message is printed; the stack only with --verbose.</summary>
    public const int UnexpectedError = 1;

    /// <summary>The command line or a file given to it is wrong; nothing was written.</summary>
    public const int InvalidInput = 2;

    /// <summary>The command will not run here (e.g. demo data in Production, schema not migrated).</summary>
    public const int Refused = 3;

    /// <summary><c>audit verify</c> found the hash chain edited, cut or extended.</summary>
    public const int AuditChainBroken = 4;
}
