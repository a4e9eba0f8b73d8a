using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Fengqiao.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class CasesScaleIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_cases_HolderUnitCode_Status_StageDueAt",
                table: "cases",
                columns: new[] { "HolderUnitCode", "Status", "StageDueAt" });

            migrationBuilder.CreateIndex(
                name: "IX_cases_UnitPath_ReportedAt",
                table: "cases",
                columns: new[] { "UnitPath", "ReportedAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_cases_HolderUnitCode_Status_StageDueAt",
                table: "cases");

            migrationBuilder.DropIndex(
                name: "IX_cases_UnitPath_ReportedAt",
                table: "cases");
        }
    }
}
