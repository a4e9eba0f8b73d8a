using Fengqiao.Kernel.Data;
using Fengqiao.Cases;
using Fengqiao.Mediation;
using Fengqiao.Places;
using Microsoft.EntityFrameworkCore.Design;

namespace Fengqiao.Migrations.Sqlite;

/// <summary>Lets <c>dotnet ef migrations add</c> build the SQLite model without starting the web host.</summary>
internal sealed class DesignTimeFactory : IDesignTimeDbContextFactory<FengqiaoDbContext>
{
    public FengqiaoDbContext CreateDbContext(string[] args) =>
        DesignTimeContext.Create(DatabaseProvider.Sqlite, "Data Source=design-time.db", services => services.AddPlaces().AddCases().AddMediation());
}
