using System;
using Microsoft.EntityFrameworkCore.Migrations;
using NetTopologySuite.Geometries;

#nullable disable

namespace Fengqiao.Migrations.PostgreSql.Migrations
{
    /// <inheritdoc />
    public partial class PlacesBoundariesAndRoleSlots : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "RoleSlot",
                table: "organisations",
                type: "integer",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "unit_boundaries",
                columns: table => new
                {
                    UnitId = table.Column<Guid>(type: "uuid", nullable: false),
                    Code = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Level = table.Column<int>(type: "integer", nullable: false),
                    UnitPath = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false),
                    Boundary = table.Column<MultiPolygon>(type: "geometry(MultiPolygon,4326)", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Version = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_unit_boundaries", x => x.UnitId);
                });

            // Existing committees (居委会 10, 村委会 11) and workstations (12) take their slot before the unique index exists.
            migrationBuilder.Sql("""UPDATE organisations SET "RoleSlot" = 1 WHERE "Kind" IN (10, 11);""");
            migrationBuilder.Sql("""UPDATE organisations SET "RoleSlot" = 2 WHERE "Kind" = 12;""");

            migrationBuilder.CreateIndex(
                name: "IX_organisations_UnitId_RoleSlot",
                table: "organisations",
                columns: new[] { "UnitId", "RoleSlot" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_unit_boundaries_Boundary",
                table: "unit_boundaries",
                column: "Boundary")
                .Annotation("Npgsql:IndexMethod", "gist");

            migrationBuilder.CreateIndex(
                name: "IX_unit_boundaries_Code",
                table: "unit_boundaries",
                column: "Code",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_unit_boundaries_UnitPath",
                table: "unit_boundaries",
                column: "UnitPath");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "unit_boundaries");

            migrationBuilder.DropIndex(
                name: "IX_organisations_UnitId_RoleSlot",
                table: "organisations");

            migrationBuilder.DropColumn(
                name: "RoleSlot",
                table: "organisations");
        }
    }
}
