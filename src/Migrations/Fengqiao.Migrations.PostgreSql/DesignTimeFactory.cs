using Fengqiao.Kernel.Data;
using Fengqiao.Cases;
using Fengqiao.Mediation;
using Fengqiao.Places;
using Microsoft.EntityFrameworkCore.Design;

namespace Fengqiao.Migrations.PostgreSql;

/// <summary>Lets <c>dotnet ef migrations add</c> build the PostgreSQL model without starting the web host.</summary>
internal sealed class DesignTimeFactory : IDesignTimeDbContextFactory<FengqiaoDbContext>
{
    public FengqiaoDbContext CreateDbContext(string[] args) =>
        DesignTimeContext.Create(DatabaseProvider.PostgreSql, "Host=127.0.0.1;Username=postgres;Password=postgres;Database=fengqiao_design", services => services.AddPlaces().AddCases().AddMediation());
}
