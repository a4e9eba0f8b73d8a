using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Fengqiao.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class FewerIndexEntriesPerReport : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_cases_AcceptedByUserId",
                table: "cases");

            migrationBuilder.DropIndex(
                name: "IX_cases_DisposedByUserId",
                table: "cases");

            migrationBuilder.DropIndex(
                name: "IX_cases_ReporterUserId",
                table: "cases");

            migrationBuilder.DropIndex(
                name: "IX_cases_UnitPath",
                table: "cases");

            migrationBuilder.CreateIndex(
                name: "IX_cases_AcceptedByUserId",
                table: "cases",
                column: "AcceptedByUserId",
                filter: "\"AcceptedByUserId\" IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_cases_DisposedByUserId",
                table: "cases",
                column: "DisposedByUserId",
                filter: "\"DisposedByUserId\" IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_cases_ReporterUserId",
                table: "cases",
                column: "ReporterUserId",
                filter: "\"ReporterUserId\" IS NOT NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_cases_AcceptedByUserId",
                table: "cases");

            migrationBuilder.DropIndex(
                name: "IX_cases_DisposedByUserId",
                table: "cases");

            migrationBuilder.DropIndex(
                name: "IX_cases_ReporterUserId",
                table: "cases");

            migrationBuilder.CreateIndex(
                name: "IX_cases_AcceptedByUserId",
                table: "cases",
                column: "AcceptedByUserId");

            migrationBuilder.CreateIndex(
                name: "IX_cases_DisposedByUserId",
                table: "cases",
                column: "DisposedByUserId");

            migrationBuilder.CreateIndex(
                name: "IX_cases_ReporterUserId",
                table: "cases",
                column: "ReporterUserId");

            migrationBuilder.CreateIndex(
                name: "IX_cases_UnitPath",
                table: "cases",
                column: "UnitPath");
        }
    }
}
