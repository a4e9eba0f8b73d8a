using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Fengqiao.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class MediationSystemic : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "mediation_systemic_issues",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Kind = table.Column<int>(type: "INTEGER", nullable: false),
                    ClusterKey = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    OpenKey = table.Column<string>(type: "TEXT", maxLength: 300, nullable: true),
                    Title = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Finding = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    Type = table.Column<int>(type: "INTEGER", nullable: true),
                    OrganisationName = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    Address = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    UnitPath = table.Column<string>(type: "TEXT", maxLength: 400, nullable: false),
                    UnitCode = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    UnitName = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    AddressedTier = table.Column<int>(type: "INTEGER", nullable: false),
                    Status = table.Column<int>(type: "INTEGER", nullable: false),
                    RaisedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    AcknowledgedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    ResolvedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    ResolutionNote = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    Reopened = table.Column<int>(type: "INTEGER", nullable: false),
                    Version = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_mediation_systemic_issues", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "mediation_systemic_issue_cases",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    IssueId = table.Column<Guid>(type: "TEXT", nullable: false),
                    UnitPath = table.Column<string>(type: "TEXT", maxLength: 400, nullable: false),
                    CaseId = table.Column<Guid>(type: "TEXT", nullable: false),
                    CaseNumber = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    LinkedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_mediation_systemic_issue_cases", x => x.Id);
                    table.ForeignKey(
                        name: "FK_mediation_systemic_issue_cases_mediation_systemic_issues_IssueId",
                        column: x => x.IssueId,
                        principalTable: "mediation_systemic_issues",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "mediation_systemic_issue_entries",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    IssueId = table.Column<Guid>(type: "TEXT", nullable: false),
                    UnitPath = table.Column<string>(type: "TEXT", maxLength: 400, nullable: false),
                    Kind = table.Column<int>(type: "INTEGER", nullable: false),
                    Note = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    ActorName = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    At = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_mediation_systemic_issue_entries", x => x.Id);
                    table.ForeignKey(
                        name: "FK_mediation_systemic_issue_entries_mediation_systemic_issues_IssueId",
                        column: x => x.IssueId,
                        principalTable: "mediation_systemic_issues",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_mediation_systemic_issue_cases_CaseId",
                table: "mediation_systemic_issue_cases",
                column: "CaseId");

            migrationBuilder.CreateIndex(
                name: "IX_mediation_systemic_issue_cases_IssueId_CaseId",
                table: "mediation_systemic_issue_cases",
                columns: new[] { "IssueId", "CaseId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_mediation_systemic_issue_cases_UnitPath",
                table: "mediation_systemic_issue_cases",
                column: "UnitPath");

            migrationBuilder.CreateIndex(
                name: "IX_mediation_systemic_issue_entries_IssueId",
                table: "mediation_systemic_issue_entries",
                column: "IssueId");

            migrationBuilder.CreateIndex(
                name: "IX_mediation_systemic_issue_entries_UnitPath",
                table: "mediation_systemic_issue_entries",
                column: "UnitPath");

            migrationBuilder.CreateIndex(
                name: "IX_mediation_systemic_issues_ClusterKey",
                table: "mediation_systemic_issues",
                column: "ClusterKey");

            migrationBuilder.CreateIndex(
                name: "IX_mediation_systemic_issues_OpenKey",
                table: "mediation_systemic_issues",
                column: "OpenKey",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_mediation_systemic_issues_Status_RaisedAt",
                table: "mediation_systemic_issues",
                columns: new[] { "Status", "RaisedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_mediation_systemic_issues_UnitPath",
                table: "mediation_systemic_issues",
                column: "UnitPath");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "mediation_systemic_issue_cases");

            migrationBuilder.DropTable(
                name: "mediation_systemic_issue_entries");

            migrationBuilder.DropTable(
                name: "mediation_systemic_issues");
        }
    }
}
