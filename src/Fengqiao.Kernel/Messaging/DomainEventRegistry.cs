using System.Text.Json;

namespace Fengqiao.Kernel.Messaging;

/// <summary>Which handlers react to which event types; built from the modules' registrations at start-up.</summary>
public sealed class DomainEventRegistry
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly Dictionary<string, Type> _eventTypes = new(StringComparer.Ordinal);
    private readonly Dictionary<Type, List<HandlerRegistration>> _handlersByEvent = [];
    private readonly Dictionary<string, HandlerRegistration> _handlersByName = new(StringComparer.Ordinal);

    public DomainEventRegistry(IEnumerable<HandlerRegistration> registrations)
    {
        foreach (var registration in registrations)
        {
            _eventTypes[NameOf(registration.EventType)] = registration.EventType;
            if (!_handlersByEvent.TryGetValue(registration.EventType, out var list))
            {
                _handlersByEvent[registration.EventType] = list = [];
            }

            list.Add(registration);
            _handlersByName[registration.Name] = registration;
        }
    }

    public static string NameOf(Type eventType) => eventType.FullName ?? eventType.Name;

    public IReadOnlyList<HandlerRegistration> HandlersOf(Type eventType) =>
        _handlersByEvent.TryGetValue(eventType, out var list) ? list : [];

    public HandlerRegistration? Handler(string name) => _handlersByName.GetValueOrDefault(name);

    public Type? EventType(string name) => _eventTypes.GetValueOrDefault(name);

    /// <summary>
    /// One outbox row per handler of the event that wants it (<see cref="HandlerRegistration.Wants"/>); none when nobody
    /// listens. A row costs a lease, a delivery and a completion: an event a handler would ignore gets none.
    /// </summary>
    public IEnumerable<OutboxMessage> ToOutbox(IDomainEvent domainEvent, DateTimeOffset now)
    {
        var type = domainEvent.GetType();
        var handlers = HandlersOf(type).Where(handler => handler.Wants is null || handler.Wants(domainEvent)).ToList();
        if (handlers.Count == 0)
        {
            return [];
        }

        var payload = JsonSerializer.Serialize(domainEvent, type, Json);
        return handlers.Select(handler => new OutboxMessage(NameOf(type), handler.Name, payload, now));
    }
}

/// <summary>
/// A handler type registered for an event type. <paramref name="Wants"/>, when given, tells which events the handler
/// acts on (the same test its <c>HandleAsync</c> starts with); the others are never queued for it.
/// </summary>
public sealed record HandlerRegistration(Type EventType, Type HandlerType, Func<IDomainEvent, bool>? Wants = null)
{
    public string Name => HandlerType.FullName ?? HandlerType.Name;
}
