using Fengqiao.Kernel.Access;

namespace Fengqiao.Web.Platform;

/// <summary>
/// Runs one UI operation in a fresh DI scope acting as the circuit's person. A Blazor circuit lives for minutes or
/// hours; a DbContext per operation keeps tracked state and concurrency as short as in an HTTP request.
/// </summary>
internal sealed class ActorScopes(IServiceScopeFactory factory, CurrentActor actor)
{
    public async Task<TResult> RunAsync<THandler, TResult>(Func<THandler, Task<TResult>> work)
        where THandler : notnull
    {
        await using var scope = factory.CreateAsyncScope();
        var scoped = scope.ServiceProvider.GetRequiredService<CurrentActor>();
        scoped.CopyFrom(actor);
        await scoped.LoadAsync();
        return await work(scope.ServiceProvider.GetRequiredService<THandler>());
    }

    public Task RunAsync<THandler>(Func<THandler, Task> work)
        where THandler : notnull =>
        RunAsync<THandler, bool>(async handler =>
        {
            await work(handler);
            return true;
        });
}
