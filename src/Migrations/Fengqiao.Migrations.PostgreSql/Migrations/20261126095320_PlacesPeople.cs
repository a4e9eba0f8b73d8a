using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Fengqiao.Migrations.PostgreSql.Migrations
{
    /// <inheritdoc />
    public partial class PlacesPeople : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "buildings",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    GridId = table.Column<Guid>(type: "uuid", nullable: false),
                    GridUnitId = table.Column<Guid>(type: "uuid", nullable: false),
                    GridCode = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    UnitPath = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false),
                    Street = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Number = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    UnitsCount = table.Column<int>(type: "integer", nullable: true),
                    Longitude = table.Column<double>(type: "double precision", nullable: true),
                    Latitude = table.Column<double>(type: "double precision", nullable: true),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_buildings", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "households",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    BuildingId = table.Column<Guid>(type: "uuid", nullable: false),
                    UnitPath = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false),
                    Room = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    HeadResidentId = table.Column<Guid>(type: "uuid", nullable: true),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_households", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "residents",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    HouseholdId = table.Column<Guid>(type: "uuid", nullable: false),
                    BuildingId = table.Column<Guid>(type: "uuid", nullable: false),
                    UnitPath = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false),
                    Name = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    Gender = table.Column<int>(type: "integer", nullable: true),
                    BirthDate = table.Column<DateOnly>(type: "date", nullable: true),
                    IdentityNumber = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    IdentityNumberIndex = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    IdentityNumberMasked = table.Column<string>(type: "character varying(18)", maxLength: 18, nullable: true),
                    Phone = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    PhoneIndex = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    PhoneMasked = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    Relation = table.Column<int>(type: "integer", nullable: false),
                    RegisteredResidence = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    ResidenceKind = table.Column<int>(type: "integer", nullable: false),
                    SpecialGroups = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false),
                    UserId = table.Column<Guid>(type: "uuid", nullable: true),
                    IsErased = table.Column<bool>(type: "boolean", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ErasedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    Version = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_residents", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_buildings_GridId",
                table: "buildings",
                column: "GridId");

            migrationBuilder.CreateIndex(
                name: "IX_buildings_UnitPath",
                table: "buildings",
                column: "UnitPath");

            migrationBuilder.CreateIndex(
                name: "IX_households_BuildingId",
                table: "households",
                column: "BuildingId");

            migrationBuilder.CreateIndex(
                name: "IX_households_UnitPath",
                table: "households",
                column: "UnitPath");

            migrationBuilder.CreateIndex(
                name: "IX_residents_HouseholdId",
                table: "residents",
                column: "HouseholdId");

            migrationBuilder.CreateIndex(
                name: "IX_residents_IdentityNumberIndex",
                table: "residents",
                column: "IdentityNumberIndex",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_residents_Name",
                table: "residents",
                column: "Name");

            migrationBuilder.CreateIndex(
                name: "IX_residents_PhoneIndex",
                table: "residents",
                column: "PhoneIndex");

            migrationBuilder.CreateIndex(
                name: "IX_residents_UnitPath",
                table: "residents",
                column: "UnitPath");

            migrationBuilder.CreateIndex(
                name: "IX_residents_UserId",
                table: "residents",
                column: "UserId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "buildings");

            migrationBuilder.DropTable(
                name: "households");

            migrationBuilder.DropTable(
                name: "residents");
        }
    }
}
