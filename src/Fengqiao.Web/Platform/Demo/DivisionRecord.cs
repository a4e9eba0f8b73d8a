using Fengqiao.Kernel.Units;

namespace Fengqiao.Web.Platform.Demo;

/// <summary>One division as the national code table lists it.</summary>
internal sealed record DivisionRecord(string Code, string Name, UnitLevel Level, string? ParentCode);
