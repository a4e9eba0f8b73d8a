using Microsoft.Extensions.DependencyInjection;

namespace Fengqiao.Kernel.Access;

/// <summary>Background work of a module (sweepers, rebuilds) runs in a scope acting as the system, without jurisdiction.</summary>
public static class SystemScope
{
    public static AsyncServiceScope CreateSystemScope(this IServiceScopeFactory scopes)
    {
        var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentActor>().SetSystem();
        return scope;
    }
}
