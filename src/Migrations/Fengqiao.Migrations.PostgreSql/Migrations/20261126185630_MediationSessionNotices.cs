using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Fengqiao.Migrations.PostgreSql.Migrations
{
    /// <inheritdoc />
    public partial class MediationSessionNotices : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "mediation_session_notices",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    SessionId = table.Column<Guid>(type: "uuid", nullable: false),
                    CaseId = table.Column<Guid>(type: "uuid", nullable: false),
                    UnitPath = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false),
                    PartyId = table.Column<Guid>(type: "uuid", nullable: false),
                    Way = table.Column<int>(type: "integer", nullable: false),
                    NotifiedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    RecordedBy = table.Column<Guid>(type: "uuid", nullable: true),
                    RecordedByName = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_mediation_session_notices", x => x.Id);
                    table.ForeignKey(
                        name: "FK_mediation_session_notices_mediation_sessions_SessionId",
                        column: x => x.SessionId,
                        principalTable: "mediation_sessions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_mediation_session_notices_SessionId_PartyId",
                table: "mediation_session_notices",
                columns: new[] { "SessionId", "PartyId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_mediation_session_notices_UnitPath",
                table: "mediation_session_notices",
                column: "UnitPath");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "mediation_session_notices");
        }
    }
}
