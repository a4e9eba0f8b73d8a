using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Fengqiao.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class CaseIndicatorRollups : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "case_indicator_days",
                columns: table => new
                {
                    UnitPath = table.Column<string>(type: "TEXT", maxLength: 400, nullable: false),
                    DepartmentCode = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Day = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Reported = table.Column<int>(type: "INTEGER", nullable: false),
                    Suspended = table.Column<int>(type: "INTEGER", nullable: false),
                    Filed = table.Column<int>(type: "INTEGER", nullable: false),
                    FiledOnTime = table.Column<int>(type: "INTEGER", nullable: false),
                    Dispatched = table.Column<int>(type: "INTEGER", nullable: false),
                    DispatchedAccurately = table.Column<int>(type: "INTEGER", nullable: false),
                    Disposed = table.Column<int>(type: "INTEGER", nullable: false),
                    DisposedOnTime = table.Column<int>(type: "INTEGER", nullable: false),
                    Closed = table.Column<int>(type: "INTEGER", nullable: false),
                    ClosedOnTime = table.Column<int>(type: "INTEGER", nullable: false),
                    Reworked = table.Column<int>(type: "INTEGER", nullable: false),
                    Rated = table.Column<int>(type: "INTEGER", nullable: false),
                    Satisfied = table.Column<int>(type: "INTEGER", nullable: false),
                    HotlineReported = table.Column<int>(type: "INTEGER", nullable: false),
                    HotlineResponded = table.Column<int>(type: "INTEGER", nullable: false),
                    HotlineFiled = table.Column<int>(type: "INTEGER", nullable: false),
                    HotlineClosed = table.Column<int>(type: "INTEGER", nullable: false),
                    HotlineRated = table.Column<int>(type: "INTEGER", nullable: false),
                    HotlineSatisfied = table.Column<int>(type: "INTEGER", nullable: false),
                    ResolvedAtGrid = table.Column<int>(type: "INTEGER", nullable: false),
                    ResolvedAtCommunity = table.Column<int>(type: "INTEGER", nullable: false),
                    ResolvedAtStreet = table.Column<int>(type: "INTEGER", nullable: false),
                    ResolvedAtCountyOrAbove = table.Column<int>(type: "INTEGER", nullable: false),
                    FilingCases = table.Column<int>(type: "INTEGER", nullable: false),
                    FilingMicroseconds = table.Column<long>(type: "INTEGER", nullable: false),
                    DispatchCases = table.Column<int>(type: "INTEGER", nullable: false),
                    DispatchMicroseconds = table.Column<long>(type: "INTEGER", nullable: false),
                    DisposalCases = table.Column<int>(type: "INTEGER", nullable: false),
                    DisposalMicroseconds = table.Column<long>(type: "INTEGER", nullable: false),
                    VerificationCases = table.Column<int>(type: "INTEGER", nullable: false),
                    VerificationMicroseconds = table.Column<long>(type: "INTEGER", nullable: false),
                    TotalCases = table.Column<int>(type: "INTEGER", nullable: false),
                    TotalMicroseconds = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_case_indicator_days", x => new { x.UnitPath, x.Day, x.DepartmentCode });
                });

            migrationBuilder.CreateTable(
                name: "case_indicator_dirty",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    UnitPath = table.Column<string>(type: "TEXT", maxLength: 400, nullable: false),
                    DepartmentCode = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Day = table.Column<DateOnly>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_case_indicator_dirty", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_cases_AcceptedByUserId",
                table: "cases",
                column: "AcceptedByUserId");

            migrationBuilder.CreateIndex(
                name: "IX_cases_DisposedByUserId",
                table: "cases",
                column: "DisposedByUserId");

            migrationBuilder.CreateIndex(
                name: "IX_case_indicator_dirty_UnitPath_Day_DepartmentCode",
                table: "case_indicator_dirty",
                columns: new[] { "UnitPath", "Day", "DepartmentCode" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "case_indicator_days");

            migrationBuilder.DropTable(
                name: "case_indicator_dirty");

            migrationBuilder.DropIndex(
                name: "IX_cases_AcceptedByUserId",
                table: "cases");

            migrationBuilder.DropIndex(
                name: "IX_cases_DisposedByUserId",
                table: "cases");
        }
    }
}
