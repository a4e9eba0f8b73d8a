using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Fengqiao.Migrations.PostgreSql.Migrations
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
                    UnitPath = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false, collation: "C"),
                    DepartmentCode = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Day = table.Column<DateOnly>(type: "date", nullable: false),
                    Reported = table.Column<int>(type: "integer", nullable: false),
                    Suspended = table.Column<int>(type: "integer", nullable: false),
                    Filed = table.Column<int>(type: "integer", nullable: false),
                    FiledOnTime = table.Column<int>(type: "integer", nullable: false),
                    Dispatched = table.Column<int>(type: "integer", nullable: false),
                    DispatchedAccurately = table.Column<int>(type: "integer", nullable: false),
                    Disposed = table.Column<int>(type: "integer", nullable: false),
                    DisposedOnTime = table.Column<int>(type: "integer", nullable: false),
                    Closed = table.Column<int>(type: "integer", nullable: false),
                    ClosedOnTime = table.Column<int>(type: "integer", nullable: false),
                    Reworked = table.Column<int>(type: "integer", nullable: false),
                    Rated = table.Column<int>(type: "integer", nullable: false),
                    Satisfied = table.Column<int>(type: "integer", nullable: false),
                    HotlineReported = table.Column<int>(type: "integer", nullable: false),
                    HotlineResponded = table.Column<int>(type: "integer", nullable: false),
                    HotlineFiled = table.Column<int>(type: "integer", nullable: false),
                    HotlineClosed = table.Column<int>(type: "integer", nullable: false),
                    HotlineRated = table.Column<int>(type: "integer", nullable: false),
                    HotlineSatisfied = table.Column<int>(type: "integer", nullable: false),
                    ResolvedAtGrid = table.Column<int>(type: "integer", nullable: false),
                    ResolvedAtCommunity = table.Column<int>(type: "integer", nullable: false),
                    ResolvedAtStreet = table.Column<int>(type: "integer", nullable: false),
                    ResolvedAtCountyOrAbove = table.Column<int>(type: "integer", nullable: false),
                    FilingCases = table.Column<int>(type: "integer", nullable: false),
                    FilingMicroseconds = table.Column<long>(type: "bigint", nullable: false),
                    DispatchCases = table.Column<int>(type: "integer", nullable: false),
                    DispatchMicroseconds = table.Column<long>(type: "bigint", nullable: false),
                    DisposalCases = table.Column<int>(type: "integer", nullable: false),
                    DisposalMicroseconds = table.Column<long>(type: "bigint", nullable: false),
                    VerificationCases = table.Column<int>(type: "integer", nullable: false),
                    VerificationMicroseconds = table.Column<long>(type: "bigint", nullable: false),
                    TotalCases = table.Column<int>(type: "integer", nullable: false),
                    TotalMicroseconds = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_case_indicator_days", x => new { x.UnitPath, x.Day, x.DepartmentCode });
                });

            migrationBuilder.CreateTable(
                name: "case_indicator_dirty",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    UnitPath = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false, collation: "C"),
                    DepartmentCode = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Day = table.Column<DateOnly>(type: "date", nullable: false)
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
