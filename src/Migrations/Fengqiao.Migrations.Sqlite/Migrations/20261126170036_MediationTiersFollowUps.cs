using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Fengqiao.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class MediationTiersFollowUps : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "mediation_case_tier_steps",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    CaseId = table.Column<Guid>(type: "TEXT", nullable: false),
                    UnitPath = table.Column<string>(type: "TEXT", maxLength: 400, nullable: false),
                    Kind = table.Column<int>(type: "INTEGER", nullable: false),
                    FromCommitteeId = table.Column<Guid>(type: "TEXT", nullable: true),
                    FromName = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    FromTier = table.Column<int>(type: "INTEGER", nullable: true),
                    ToCommitteeId = table.Column<Guid>(type: "TEXT", nullable: true),
                    ToName = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    ToTier = table.Column<int>(type: "INTEGER", nullable: true),
                    Target = table.Column<int>(type: "INTEGER", nullable: true),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    Communities = table.Column<string>(type: "TEXT", maxLength: 400, nullable: true),
                    ByUserId = table.Column<Guid>(type: "TEXT", nullable: true),
                    ByName = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    At = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_mediation_case_tier_steps", x => x.Id);
                    table.ForeignKey(
                        name: "FK_mediation_case_tier_steps_mediation_cases_CaseId",
                        column: x => x.CaseId,
                        principalTable: "mediation_cases",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "mediation_follow_ups",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    CaseId = table.Column<Guid>(type: "TEXT", nullable: false),
                    CaseNumber = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    UnitPath = table.Column<string>(type: "TEXT", maxLength: 400, nullable: false),
                    Kind = table.Column<int>(type: "INTEGER", nullable: false),
                    ClosedOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    DueOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    PlanKey = table.Column<string>(type: "TEXT", maxLength: 60, nullable: true),
                    AssigneeUserId = table.Column<Guid>(type: "TEXT", nullable: true),
                    AssigneeName = table.Column<string>(type: "TEXT", maxLength: 50, nullable: true),
                    Status = table.Column<int>(type: "INTEGER", nullable: false),
                    VisitedOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    VisitedByUserId = table.Column<Guid>(type: "TEXT", nullable: true),
                    VisitedByName = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    Way = table.Column<int>(type: "INTEGER", nullable: true),
                    Result = table.Column<int>(type: "INTEGER", nullable: true),
                    Notes = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    RelapseAction = table.Column<int>(type: "INTEGER", nullable: true),
                    NewCaseId = table.Column<Guid>(type: "TEXT", nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    RecordedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    Version = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_mediation_follow_ups", x => x.Id);
                    table.ForeignKey(
                        name: "FK_mediation_follow_ups_mediation_cases_CaseId",
                        column: x => x.CaseId,
                        principalTable: "mediation_cases",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_mediation_case_tier_steps_CaseId",
                table: "mediation_case_tier_steps",
                column: "CaseId");

            migrationBuilder.CreateIndex(
                name: "IX_mediation_case_tier_steps_UnitPath",
                table: "mediation_case_tier_steps",
                column: "UnitPath");

            migrationBuilder.CreateIndex(
                name: "IX_mediation_follow_ups_CaseId",
                table: "mediation_follow_ups",
                column: "CaseId");

            migrationBuilder.CreateIndex(
                name: "IX_mediation_follow_ups_NewCaseId",
                table: "mediation_follow_ups",
                column: "NewCaseId");

            migrationBuilder.CreateIndex(
                name: "IX_mediation_follow_ups_PlanKey",
                table: "mediation_follow_ups",
                column: "PlanKey",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_mediation_follow_ups_Status_DueOn",
                table: "mediation_follow_ups",
                columns: new[] { "Status", "DueOn" });

            migrationBuilder.CreateIndex(
                name: "IX_mediation_follow_ups_UnitPath",
                table: "mediation_follow_ups",
                column: "UnitPath");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "mediation_case_tier_steps");

            migrationBuilder.DropTable(
                name: "mediation_follow_ups");
        }
    }
}
