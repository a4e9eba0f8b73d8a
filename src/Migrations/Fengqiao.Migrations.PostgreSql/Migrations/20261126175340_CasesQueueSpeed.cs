using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Fengqiao.Migrations.PostgreSql.Migrations
{
    /// <inheritdoc />
    public partial class CasesQueueSpeed : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_cases_Open_HolderUnitCode_StageDueAt",
                table: "cases",
                columns: new[] { "HolderUnitCode", "StageDueAt" },
                filter: "\"Status\" IN (4, 5, 8)");

            migrationBuilder.CreateIndex(
                name: "IX_cases_Open_StageDueAt",
                table: "cases",
                column: "StageDueAt",
                filter: "\"Stage\" <> 9");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_cases_Open_HolderUnitCode_StageDueAt",
                table: "cases");

            migrationBuilder.DropIndex(
                name: "IX_cases_Open_StageDueAt",
                table: "cases");
        }
    }
}
