using Fengqiao.Kernel.Messaging;

namespace Fengqiao.Places.Grids;

/// <summary>Grids were added, redrawn or retired; every web node rebuilds its point-location index.</summary>
public sealed record GridsChanged(IReadOnlyList<string> Codes) : IDomainEvent;
