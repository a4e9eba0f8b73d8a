namespace Fengqiao.Cases.Domain;

/// <summary>Who did something to a case, as the timeline shows it: the person, the role they acted in and their unit.</summary>
public sealed record ActorStamp(Guid? UserId, string Name, string Role, string? UnitCode)
{
    public static ActorStamp System { get; } = new(null, "system", "system", null);

    public static ActorStamp Reporter(Guid? userId, string name) => new(userId, name, "reporter", null);
}
