using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Fengqiao.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class CasesCore : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "case_categories",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Code = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    ParentCode = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true),
                    Name = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    Kind = table.Column<int>(type: "INTEGER", nullable: false),
                    SortOrder = table.Column<int>(type: "INTEGER", nullable: false),
                    IsActive = table.Column<bool>(type: "INTEGER", nullable: false),
                    CurrentVersion = table.Column<int>(type: "INTEGER", nullable: false),
                    Version = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_case_categories", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "case_category_versions",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    CategoryId = table.Column<Guid>(type: "TEXT", nullable: false),
                    CategoryCode = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Number = table.Column<int>(type: "INTEGER", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    FilingCondition = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    ClosingCondition = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    DisposalLimitAmount = table.Column<int>(type: "INTEGER", nullable: false),
                    DisposalLimitUnit = table.Column<int>(type: "INTEGER", nullable: false),
                    DefaultTier = table.Column<int>(type: "INTEGER", nullable: false),
                    ResponsibleDepartmentCode = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true),
                    Priority = table.Column<int>(type: "INTEGER", nullable: false),
                    IsPublic = table.Column<bool>(type: "INTEGER", nullable: false),
                    Questions = table.Column<string>(type: "TEXT", nullable: false),
                    ChangeNote = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    CreatedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_case_category_versions", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "case_idempotency_keys",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Caller = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Key = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    RequestHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    CaseId = table.Column<Guid>(type: "TEXT", nullable: false),
                    TrackingCode = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_case_idempotency_keys", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "case_routing_rules",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    CategoryCode = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true),
                    UnitCode = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true),
                    UnitPath = table.Column<string>(type: "TEXT", maxLength: 400, nullable: true),
                    Tier = table.Column<int>(type: "INTEGER", nullable: false),
                    DepartmentCode = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true),
                    Note = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    IsActive = table.Column<bool>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    CreatedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_case_routing_rules", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "cases",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    TrackingCode = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    Channel = table.Column<int>(type: "INTEGER", nullable: false),
                    Status = table.Column<int>(type: "INTEGER", nullable: false),
                    Title = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Description = table.Column<string>(type: "TEXT", maxLength: 4200, nullable: false),
                    PublicDescription = table.Column<string>(type: "TEXT", maxLength: 4200, nullable: false),
                    Address = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    Longitude = table.Column<double>(type: "REAL", nullable: true),
                    Latitude = table.Column<double>(type: "REAL", nullable: true),
                    IsPrivatePlace = table.Column<bool>(type: "INTEGER", nullable: false),
                    UnitPath = table.Column<string>(type: "TEXT", maxLength: 400, nullable: false),
                    GridCode = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true),
                    CommunityCode = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    OutsideGrids = table.Column<bool>(type: "INTEGER", nullable: false),
                    DistanceToGridMetres = table.Column<double>(type: "REAL", nullable: true),
                    ReporterUserId = table.Column<Guid>(type: "TEXT", nullable: true),
                    ReporterNameCipher = table.Column<string>(type: "TEXT", maxLength: 400, nullable: true),
                    ReporterPhoneCipher = table.Column<string>(type: "TEXT", maxLength: 400, nullable: true),
                    IsAnonymous = table.Column<bool>(type: "INTEGER", nullable: false),
                    AnswersJson = table.Column<string>(type: "TEXT", maxLength: 30000, nullable: true),
                    Priority = table.Column<int>(type: "INTEGER", nullable: false),
                    SuggestedLabel = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    SuggestedCategoryCode = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true),
                    Confidence = table.Column<double>(type: "REAL", nullable: false),
                    TriageReasons = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    PossibleDuplicateOfId = table.Column<Guid>(type: "TEXT", nullable: true),
                    MergedIntoId = table.Column<Guid>(type: "TEXT", nullable: true),
                    HasSensitiveContent = table.Column<bool>(type: "INTEGER", nullable: false),
                    CategoryId = table.Column<Guid>(type: "TEXT", nullable: true),
                    CategoryCode = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true),
                    CategoryVersionId = table.Column<Guid>(type: "TEXT", nullable: true),
                    DisposalLimitAmount = table.Column<int>(type: "INTEGER", nullable: true),
                    DisposalLimitUnit = table.Column<int>(type: "INTEGER", nullable: true),
                    IsPublic = table.Column<bool>(type: "INTEGER", nullable: false),
                    HolderLevel = table.Column<int>(type: "INTEGER", nullable: true),
                    HolderUnitCode = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true),
                    AssignedDepartmentCode = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true),
                    CoordinatorUnitCode = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true),
                    AcceptedByUserId = table.Column<Guid>(type: "TEXT", nullable: true),
                    DisposedByUserId = table.Column<Guid>(type: "TEXT", nullable: true),
                    Stage = table.Column<int>(type: "INTEGER", nullable: false),
                    StageNumber = table.Column<int>(type: "INTEGER", nullable: false),
                    StageStartedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    StageDueAt = table.Column<long>(type: "INTEGER", nullable: true),
                    StageDueSoonAt = table.Column<long>(type: "INTEGER", nullable: true),
                    Card = table.Column<int>(type: "INTEGER", nullable: false),
                    SuspendedRemaining = table.Column<TimeSpan>(type: "TEXT", nullable: true),
                    SuspendedTotal = table.Column<TimeSpan>(type: "TEXT", nullable: true),
                    PendingApproval = table.Column<int>(type: "INTEGER", nullable: true),
                    PendingApprovalReason = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    PendingExtensionAmount = table.Column<int>(type: "INTEGER", nullable: true),
                    PendingExtensionUnit = table.Column<int>(type: "INTEGER", nullable: true),
                    ReportedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    FiledAt = table.Column<long>(type: "INTEGER", nullable: true),
                    FiledOnTime = table.Column<bool>(type: "INTEGER", nullable: true),
                    FirstDispatchedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    DispatchCount = table.Column<int>(type: "INTEGER", nullable: false),
                    ReturnCount = table.Column<int>(type: "INTEGER", nullable: false),
                    DisposedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    DisposedOnTime = table.Column<bool>(type: "INTEGER", nullable: true),
                    ClosedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    CloseType = table.Column<int>(type: "INTEGER", nullable: true),
                    ClosedOnTime = table.Column<bool>(type: "INTEGER", nullable: true),
                    WasOverdue = table.Column<bool>(type: "INTEGER", nullable: false),
                    ReworkCount = table.Column<int>(type: "INTEGER", nullable: false),
                    ExtensionCount = table.Column<int>(type: "INTEGER", nullable: false),
                    SuspensionCount = table.Column<int>(type: "INTEGER", nullable: false),
                    EscalationCount = table.Column<int>(type: "INTEGER", nullable: false),
                    ReopenCount = table.Column<int>(type: "INTEGER", nullable: false),
                    YellowCardCount = table.Column<int>(type: "INTEGER", nullable: false),
                    RedCardCount = table.Column<int>(type: "INTEGER", nullable: false),
                    SupervisionCount = table.Column<int>(type: "INTEGER", nullable: false),
                    ResolvedLevel = table.Column<int>(type: "INTEGER", nullable: true),
                    ResolvedUnitCode = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true),
                    RejectionReason = table.Column<int>(type: "INTEGER", nullable: true),
                    Rating = table.Column<int>(type: "INTEGER", nullable: true),
                    RatingComment = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    RatedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    FollowerCount = table.Column<int>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Version = table.Column<long>(type: "INTEGER", nullable: false),
                    ActionCount = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_cases", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "case_actions",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    CaseId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Sequence = table.Column<int>(type: "INTEGER", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 30, nullable: false),
                    ActorUserId = table.Column<Guid>(type: "TEXT", nullable: true),
                    ActorName = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    ActorRole = table.Column<string>(type: "TEXT", maxLength: 30, nullable: false),
                    ActorUnitCode = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true),
                    At = table.Column<long>(type: "INTEGER", nullable: false),
                    StatusAfter = table.Column<int>(type: "INTEGER", nullable: false),
                    Note = table.Column<string>(type: "TEXT", maxLength: 2200, nullable: true),
                    PublicNote = table.Column<string>(type: "TEXT", maxLength: 2200, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_case_actions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_case_actions_cases_CaseId",
                        column: x => x.CaseId,
                        principalTable: "cases",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "case_tier_steps",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    CaseId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Sequence = table.Column<int>(type: "INTEGER", nullable: false),
                    Level = table.Column<int>(type: "INTEGER", nullable: false),
                    UnitCode = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    DepartmentCode = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true),
                    How = table.Column<string>(type: "TEXT", maxLength: 30, nullable: false),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    EnteredAt = table.Column<long>(type: "INTEGER", nullable: false),
                    LeftAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_case_tier_steps", x => x.Id);
                    table.ForeignKey(
                        name: "FK_case_tier_steps_cases_CaseId",
                        column: x => x.CaseId,
                        principalTable: "cases",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_case_actions_CaseId_Sequence",
                table: "case_actions",
                columns: new[] { "CaseId", "Sequence" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_case_categories_Code",
                table: "case_categories",
                column: "Code",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_case_category_versions_CategoryId_Number",
                table: "case_category_versions",
                columns: new[] { "CategoryId", "Number" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_case_idempotency_keys_Caller_Key",
                table: "case_idempotency_keys",
                columns: new[] { "Caller", "Key" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_case_tier_steps_CaseId_Sequence",
                table: "case_tier_steps",
                columns: new[] { "CaseId", "Sequence" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_cases_Latitude_Longitude",
                table: "cases",
                columns: new[] { "Latitude", "Longitude" });

            migrationBuilder.CreateIndex(
                name: "IX_cases_ReportedAt",
                table: "cases",
                column: "ReportedAt");

            migrationBuilder.CreateIndex(
                name: "IX_cases_ReporterUserId",
                table: "cases",
                column: "ReporterUserId");

            migrationBuilder.CreateIndex(
                name: "IX_cases_Stage_StageDueAt",
                table: "cases",
                columns: new[] { "Stage", "StageDueAt" });

            migrationBuilder.CreateIndex(
                name: "IX_cases_Stage_StageDueSoonAt",
                table: "cases",
                columns: new[] { "Stage", "StageDueSoonAt" });

            migrationBuilder.CreateIndex(
                name: "IX_cases_Status_HolderUnitCode",
                table: "cases",
                columns: new[] { "Status", "HolderUnitCode" });

            migrationBuilder.CreateIndex(
                name: "IX_cases_TrackingCode",
                table: "cases",
                column: "TrackingCode",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_cases_UnitPath",
                table: "cases",
                column: "UnitPath");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "case_actions");

            migrationBuilder.DropTable(
                name: "case_categories");

            migrationBuilder.DropTable(
                name: "case_category_versions");

            migrationBuilder.DropTable(
                name: "case_idempotency_keys");

            migrationBuilder.DropTable(
                name: "case_routing_rules");

            migrationBuilder.DropTable(
                name: "case_tier_steps");

            migrationBuilder.DropTable(
                name: "cases");
        }
    }
}
