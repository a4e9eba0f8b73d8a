using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Fengqiao.Migrations.PostgreSql.Migrations
{
    /// <inheritdoc />
    public partial class CasesImportAndPoints : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "case_import_records",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    ExternalId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    CaseId = table.Column<Guid>(type: "uuid", nullable: false),
                    TrackingCode = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    SourceReportedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    ImportedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ImportedBy = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_case_import_records", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "case_informant_points",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    UserId = table.Column<Guid>(type: "uuid", nullable: false),
                    CaseId = table.Column<Guid>(type: "uuid", nullable: false),
                    TrackingCode = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    Reason = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    Points = table.Column<int>(type: "integer", nullable: false),
                    UnitPath = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false),
                    At = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_case_informant_points", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "case_involved_units",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    CaseId = table.Column<Guid>(type: "uuid", nullable: false),
                    UnitCode = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    UnitPath = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false),
                    UnitName = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Level = table.Column<int>(type: "integer", nullable: false),
                    Reason = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    AddedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    AddedBy = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_case_involved_units", x => x.Id);
                    table.ForeignKey(
                        name: "FK_case_involved_units_cases_CaseId",
                        column: x => x.CaseId,
                        principalTable: "cases",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_case_import_records_CaseId",
                table: "case_import_records",
                column: "CaseId");

            migrationBuilder.CreateIndex(
                name: "IX_case_import_records_ExternalId",
                table: "case_import_records",
                column: "ExternalId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_case_informant_points_CaseId_Reason",
                table: "case_informant_points",
                columns: new[] { "CaseId", "Reason" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_case_informant_points_UnitPath",
                table: "case_informant_points",
                column: "UnitPath");

            migrationBuilder.CreateIndex(
                name: "IX_case_informant_points_UserId",
                table: "case_informant_points",
                column: "UserId");

            migrationBuilder.CreateIndex(
                name: "IX_case_involved_units_CaseId_UnitCode",
                table: "case_involved_units",
                columns: new[] { "CaseId", "UnitCode" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_case_involved_units_UnitPath",
                table: "case_involved_units",
                column: "UnitPath");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "case_import_records");

            migrationBuilder.DropTable(
                name: "case_informant_points");

            migrationBuilder.DropTable(
                name: "case_involved_units");
        }
    }
}
