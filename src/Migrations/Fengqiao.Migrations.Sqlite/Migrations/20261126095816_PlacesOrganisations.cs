using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Fengqiao.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class PlacesOrganisations : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "organisations",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Kind = table.Column<int>(type: "INTEGER", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    CreditCode = table.Column<string>(type: "TEXT", maxLength: 18, nullable: true),
                    UnitId = table.Column<Guid>(type: "TEXT", nullable: false),
                    UnitCode = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    UnitPath = table.Column<string>(type: "TEXT", maxLength: 400, nullable: false),
                    ParentId = table.Column<Guid>(type: "TEXT", nullable: true),
                    Address = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    Longitude = table.Column<double>(type: "REAL", nullable: true),
                    Latitude = table.Column<double>(type: "REAL", nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_organisations", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "organisation_members",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    OrganisationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    UnitPath = table.Column<string>(type: "TEXT", maxLength: 400, nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    ResidentId = table.Column<Guid>(type: "TEXT", nullable: true),
                    Role = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    IsContact = table.Column<bool>(type: "INTEGER", nullable: false),
                    PhoneCipher = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    PhoneIndex = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    From = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    To = table.Column<DateOnly>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_organisation_members", x => x.Id);
                    table.ForeignKey(
                        name: "FK_organisation_members_organisations_OrganisationId",
                        column: x => x.OrganisationId,
                        principalTable: "organisations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_organisation_members_OrganisationId",
                table: "organisation_members",
                column: "OrganisationId");

            migrationBuilder.CreateIndex(
                name: "IX_organisation_members_PhoneIndex",
                table: "organisation_members",
                column: "PhoneIndex");

            migrationBuilder.CreateIndex(
                name: "IX_organisation_members_ResidentId",
                table: "organisation_members",
                column: "ResidentId");

            migrationBuilder.CreateIndex(
                name: "IX_organisation_members_UnitPath",
                table: "organisation_members",
                column: "UnitPath");

            migrationBuilder.CreateIndex(
                name: "IX_organisations_CreditCode",
                table: "organisations",
                column: "CreditCode",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_organisations_ParentId",
                table: "organisations",
                column: "ParentId");

            migrationBuilder.CreateIndex(
                name: "IX_organisations_UnitId_Kind",
                table: "organisations",
                columns: new[] { "UnitId", "Kind" });

            migrationBuilder.CreateIndex(
                name: "IX_organisations_UnitPath",
                table: "organisations",
                column: "UnitPath");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "organisation_members");

            migrationBuilder.DropTable(
                name: "organisations");
        }
    }
}
