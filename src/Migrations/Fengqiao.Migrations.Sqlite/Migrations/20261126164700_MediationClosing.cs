using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Fengqiao.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class MediationClosing : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateOnly>(
                name: "ClosedOn",
                table: "mediation_cases",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "ResolvedTier",
                table: "mediation_cases",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_mediation_cases_ClosedOn_Status",
                table: "mediation_cases",
                columns: new[] { "ClosedOn", "Status" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_mediation_cases_ClosedOn_Status",
                table: "mediation_cases");

            migrationBuilder.DropColumn(
                name: "ClosedOn",
                table: "mediation_cases");

            migrationBuilder.DropColumn(
                name: "ResolvedTier",
                table: "mediation_cases");
        }
    }
}
