using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Fengqiao.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class CasesQueueIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_cases_ReportedAt",
                table: "cases");

            migrationBuilder.CreateIndex(
                name: "IX_cases_Approval_UnitPath",
                table: "cases",
                column: "UnitPath",
                filter: "\"PendingApproval\" IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_cases_Overdue_UnitPath_StageDueAt",
                table: "cases",
                columns: new[] { "UnitPath", "StageDueAt" },
                filter: "\"Stage\" <> 9 AND \"Status\" <> 8");

            migrationBuilder.CreateIndex(
                name: "IX_cases_ReportedAt_UnitPath_Id",
                table: "cases",
                columns: new[] { "ReportedAt", "UnitPath", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_cases_Status_StageDueAt_UnitPath",
                table: "cases",
                columns: new[] { "Status", "StageDueAt", "UnitPath" });

            migrationBuilder.CreateIndex(
                name: "IX_cases_Triage_UnitPath_StageDueAt",
                table: "cases",
                columns: new[] { "UnitPath", "StageDueAt" },
                filter: "\"Status\" = 1 AND \"TriageReasons\" IS NOT NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_cases_Approval_UnitPath",
                table: "cases");

            migrationBuilder.DropIndex(
                name: "IX_cases_Overdue_UnitPath_StageDueAt",
                table: "cases");

            migrationBuilder.DropIndex(
                name: "IX_cases_ReportedAt_UnitPath_Id",
                table: "cases");

            migrationBuilder.DropIndex(
                name: "IX_cases_Status_StageDueAt_UnitPath",
                table: "cases");

            migrationBuilder.DropIndex(
                name: "IX_cases_Triage_UnitPath_StageDueAt",
                table: "cases");

            migrationBuilder.CreateIndex(
                name: "IX_cases_ReportedAt",
                table: "cases",
                column: "ReportedAt");
        }
    }
}
