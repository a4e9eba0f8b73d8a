using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Fengqiao.Migrations.PostgreSql.Migrations
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
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Code = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    ParentCode = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    Name = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    Kind = table.Column<int>(type: "integer", nullable: false),
                    SortOrder = table.Column<int>(type: "integer", nullable: false),
                    IsActive = table.Column<bool>(type: "boolean", nullable: false),
                    CurrentVersion = table.Column<int>(type: "integer", nullable: false),
                    Version = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_case_categories", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "case_category_versions",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    CategoryId = table.Column<Guid>(type: "uuid", nullable: false),
                    CategoryCode = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Number = table.Column<int>(type: "integer", nullable: false),
                    Name = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    FilingCondition = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    ClosingCondition = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    DisposalLimitAmount = table.Column<int>(type: "integer", nullable: false),
                    DisposalLimitUnit = table.Column<int>(type: "integer", nullable: false),
                    DefaultTier = table.Column<int>(type: "integer", nullable: false),
                    ResponsibleDepartmentCode = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    Priority = table.Column<int>(type: "integer", nullable: false),
                    IsPublic = table.Column<bool>(type: "boolean", nullable: false),
                    Questions = table.Column<string>(type: "text", nullable: false),
                    ChangeNote = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    CreatedBy = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_case_category_versions", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "case_idempotency_keys",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Caller = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Key = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    RequestHash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    CaseId = table.Column<Guid>(type: "uuid", nullable: false),
                    TrackingCode = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_case_idempotency_keys", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "case_routing_rules",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    CategoryCode = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    UnitCode = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    UnitPath = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: true),
                    Tier = table.Column<int>(type: "integer", nullable: false),
                    DepartmentCode = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    Note = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    IsActive = table.Column<bool>(type: "boolean", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    CreatedBy = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_case_routing_rules", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "cases",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    TrackingCode = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    Channel = table.Column<int>(type: "integer", nullable: false),
                    Status = table.Column<int>(type: "integer", nullable: false),
                    Title = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Description = table.Column<string>(type: "character varying(4200)", maxLength: 4200, nullable: false),
                    PublicDescription = table.Column<string>(type: "character varying(4200)", maxLength: 4200, nullable: false),
                    Address = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    Longitude = table.Column<double>(type: "double precision", nullable: true),
                    Latitude = table.Column<double>(type: "double precision", nullable: true),
                    IsPrivatePlace = table.Column<bool>(type: "boolean", nullable: false),
                    UnitPath = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false),
                    GridCode = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    CommunityCode = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    OutsideGrids = table.Column<bool>(type: "boolean", nullable: false),
                    DistanceToGridMetres = table.Column<double>(type: "double precision", nullable: true),
                    ReporterUserId = table.Column<Guid>(type: "uuid", nullable: true),
                    ReporterNameCipher = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: true),
                    ReporterPhoneCipher = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: true),
                    IsAnonymous = table.Column<bool>(type: "boolean", nullable: false),
                    AnswersJson = table.Column<string>(type: "character varying(30000)", maxLength: 30000, nullable: true),
                    Priority = table.Column<int>(type: "integer", nullable: false),
                    SuggestedLabel = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    SuggestedCategoryCode = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    Confidence = table.Column<double>(type: "double precision", nullable: false),
                    TriageReasons = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    PossibleDuplicateOfId = table.Column<Guid>(type: "uuid", nullable: true),
                    MergedIntoId = table.Column<Guid>(type: "uuid", nullable: true),
                    HasSensitiveContent = table.Column<bool>(type: "boolean", nullable: false),
                    CategoryId = table.Column<Guid>(type: "uuid", nullable: true),
                    CategoryCode = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    CategoryVersionId = table.Column<Guid>(type: "uuid", nullable: true),
                    DisposalLimitAmount = table.Column<int>(type: "integer", nullable: true),
                    DisposalLimitUnit = table.Column<int>(type: "integer", nullable: true),
                    IsPublic = table.Column<bool>(type: "boolean", nullable: false),
                    HolderLevel = table.Column<int>(type: "integer", nullable: true),
                    HolderUnitCode = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    AssignedDepartmentCode = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    CoordinatorUnitCode = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    AcceptedByUserId = table.Column<Guid>(type: "uuid", nullable: true),
                    DisposedByUserId = table.Column<Guid>(type: "uuid", nullable: true),
                    Stage = table.Column<int>(type: "integer", nullable: false),
                    StageNumber = table.Column<int>(type: "integer", nullable: false),
                    StageStartedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    StageDueAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    StageDueSoonAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    Card = table.Column<int>(type: "integer", nullable: false),
                    SuspendedRemaining = table.Column<TimeSpan>(type: "interval", nullable: true),
                    SuspendedTotal = table.Column<TimeSpan>(type: "interval", nullable: true),
                    PendingApproval = table.Column<int>(type: "integer", nullable: true),
                    PendingApprovalReason = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    PendingExtensionAmount = table.Column<int>(type: "integer", nullable: true),
                    PendingExtensionUnit = table.Column<int>(type: "integer", nullable: true),
                    ReportedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    FiledAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    FiledOnTime = table.Column<bool>(type: "boolean", nullable: true),
                    FirstDispatchedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    DispatchCount = table.Column<int>(type: "integer", nullable: false),
                    ReturnCount = table.Column<int>(type: "integer", nullable: false),
                    DisposedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    DisposedOnTime = table.Column<bool>(type: "boolean", nullable: true),
                    ClosedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    CloseType = table.Column<int>(type: "integer", nullable: true),
                    ClosedOnTime = table.Column<bool>(type: "boolean", nullable: true),
                    WasOverdue = table.Column<bool>(type: "boolean", nullable: false),
                    ReworkCount = table.Column<int>(type: "integer", nullable: false),
                    ExtensionCount = table.Column<int>(type: "integer", nullable: false),
                    SuspensionCount = table.Column<int>(type: "integer", nullable: false),
                    EscalationCount = table.Column<int>(type: "integer", nullable: false),
                    ReopenCount = table.Column<int>(type: "integer", nullable: false),
                    YellowCardCount = table.Column<int>(type: "integer", nullable: false),
                    RedCardCount = table.Column<int>(type: "integer", nullable: false),
                    SupervisionCount = table.Column<int>(type: "integer", nullable: false),
                    ResolvedLevel = table.Column<int>(type: "integer", nullable: true),
                    ResolvedUnitCode = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    RejectionReason = table.Column<int>(type: "integer", nullable: true),
                    Rating = table.Column<int>(type: "integer", nullable: true),
                    RatingComment = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    RatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    FollowerCount = table.Column<int>(type: "integer", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Version = table.Column<long>(type: "bigint", nullable: false),
                    ActionCount = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_cases", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "case_actions",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    CaseId = table.Column<Guid>(type: "uuid", nullable: false),
                    Sequence = table.Column<int>(type: "integer", nullable: false),
                    Kind = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    ActorUserId = table.Column<Guid>(type: "uuid", nullable: true),
                    ActorName = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    ActorRole = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    ActorUnitCode = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    At = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    StatusAfter = table.Column<int>(type: "integer", nullable: false),
                    Note = table.Column<string>(type: "character varying(2200)", maxLength: 2200, nullable: true),
                    PublicNote = table.Column<string>(type: "character varying(2200)", maxLength: 2200, nullable: true)
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
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    CaseId = table.Column<Guid>(type: "uuid", nullable: false),
                    Sequence = table.Column<int>(type: "integer", nullable: false),
                    Level = table.Column<int>(type: "integer", nullable: false),
                    UnitCode = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    DepartmentCode = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    How = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    Reason = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    EnteredAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    LeftAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
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
