using Fengqiao.Cases;
using Fengqiao.Cases.Domain;
using Fengqiao.Kernel.Data;
using Fengqiao.Mediation;
using Fengqiao.Places;
using Microsoft.EntityFrameworkCore;

namespace Fengqiao.Tests.Kernel.Data;

/// <summary>
/// EF keeps built models in a cache shared by every context of the process configured alike — for the tests, every
/// host on the same database provider. The model depends on the modules a host registers, so it must be cached per
/// module set: otherwise a host with fewer modules that builds first hands its model to every other host, whose
/// migration check then finds the model "changes each time it is built" (seen once in CI, half the SQLite run failed).
/// </summary>
public sealed class ModelPerModuleSetTests
{
    [Theory]
    [InlineData(DatabaseProvider.Sqlite, "Data Source=model-per-module-set.db")]
    [InlineData(DatabaseProvider.PostgreSql, "Host=127.0.0.1;Database=model_per_module_set")]
    public void Hosts_with_different_modules_each_get_their_own_model(DatabaseProvider provider, string connectionString)
    {
        // Neither context opens a connection: building a model and comparing it with the migrations needs none.
        using var kernelOnly = DesignTimeContext.Create(provider, connectionString);
        Assert.Null(kernelOnly.Model.FindEntityType(typeof(Case)));

        using var whole = DesignTimeContext.Create(provider, connectionString, services => services.AddPlaces().AddCases().AddMediation());
        Assert.NotNull(whole.Model.FindEntityType(typeof(Case)));
        Assert.False(whole.Database.HasPendingModelChanges());

        // And the other way round, in case the whole model was the one already cached by an earlier test.
        using var kernelAgain = DesignTimeContext.Create(provider, connectionString);
        Assert.Null(kernelAgain.Model.FindEntityType(typeof(Case)));
    }
}
