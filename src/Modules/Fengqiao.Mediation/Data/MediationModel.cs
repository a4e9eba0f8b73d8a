using Fengqiao.Kernel.Data;
using Microsoft.EntityFrameworkCore;

namespace Fengqiao.Mediation.Data;

/// <summary>The mediation module's tables (ADR 0015); each feature folder configures its own entities.</summary>
internal sealed class MediationModel : IModuleModel
{
    public void Build(ModelBuilder modelBuilder, DatabaseProvider provider)
    {
        Committees.CommitteesModel.Build(modelBuilder, provider);
        Disputes.DisputesModel.Build(modelBuilder, provider);
        Sessions.SessionsModel.Build(modelBuilder, provider);
        Tiers.TiersModel.Build(modelBuilder, provider);
        FollowUps.FollowUpsModel.Build(modelBuilder, provider);
        Agreements.AgreementsModel.Build(modelBuilder, provider);
        Systemic.SystemicModel.Build(modelBuilder, provider);
    }
}
