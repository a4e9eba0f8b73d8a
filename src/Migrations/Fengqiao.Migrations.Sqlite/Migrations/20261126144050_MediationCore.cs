using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Fengqiao.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class MediationCore : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "mediation_cases",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Number = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    CommitteeId = table.Column<Guid>(type: "TEXT", nullable: false),
                    CommitteeName = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Tier = table.Column<int>(type: "INTEGER", nullable: false),
                    UnitPath = table.Column<string>(type: "TEXT", maxLength: 400, nullable: false),
                    UnitCode = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Source = table.Column<int>(type: "INTEGER", nullable: false),
                    SourceReference = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    SourceEventId = table.Column<Guid>(type: "TEXT", nullable: true),
                    Type = table.Column<int>(type: "INTEGER", nullable: false),
                    Title = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Facts = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    Claims = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    Amount = table.Column<decimal>(type: "TEXT", precision: 14, scale: 2, nullable: true),
                    PeopleInvolved = table.Column<int>(type: "INTEGER", nullable: false),
                    Longitude = table.Column<double>(type: "REAL", nullable: true),
                    Latitude = table.Column<double>(type: "REAL", nullable: true),
                    Address = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    GridCode = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true),
                    CommunityCode = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true),
                    Status = table.Column<int>(type: "INTEGER", nullable: false),
                    RiskLevel = table.Column<int>(type: "INTEGER", nullable: false),
                    RiskReasons = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    AcceptedOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    AcceptedBy = table.Column<Guid>(type: "TEXT", nullable: true),
                    DueOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    ExtensionReason = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    ExtensionApprovedBy = table.Column<Guid>(type: "TEXT", nullable: true),
                    Extensions = table.Column<int>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Version = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_mediation_cases", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "mediation_committees",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Kind = table.Column<int>(type: "INTEGER", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Sector = table.Column<int>(type: "INTEGER", nullable: true),
                    UnitId = table.Column<Guid>(type: "TEXT", nullable: false),
                    UnitCode = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    UnitPath = table.Column<string>(type: "TEXT", maxLength: 400, nullable: false),
                    Address = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    Phone = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true),
                    ConstitutedOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Version = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_mediation_committees", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "mediation_sessions",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    CaseId = table.Column<Guid>(type: "TEXT", nullable: false),
                    CaseNumber = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true),
                    UnitPath = table.Column<string>(type: "TEXT", maxLength: 400, nullable: false),
                    Sequence = table.Column<int>(type: "INTEGER", nullable: false),
                    StartsAt = table.Column<long>(type: "INTEGER", nullable: false),
                    EndsAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Place = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Status = table.Column<int>(type: "INTEGER", nullable: false),
                    Minutes = table.Column<string>(type: "TEXT", maxLength: 20000, nullable: true),
                    Outcome = table.Column<int>(type: "INTEGER", nullable: true),
                    RecordedAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_mediation_sessions", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "mediation_case_mediators",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    CaseId = table.Column<Guid>(type: "TEXT", nullable: false),
                    UnitPath = table.Column<string>(type: "TEXT", maxLength: 400, nullable: false),
                    UserId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    AssignedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_mediation_case_mediators", x => x.Id);
                    table.ForeignKey(
                        name: "FK_mediation_case_mediators_mediation_cases_CaseId",
                        column: x => x.CaseId,
                        principalTable: "mediation_cases",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "mediation_parties",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    CaseId = table.Column<Guid>(type: "TEXT", nullable: false),
                    UnitPath = table.Column<string>(type: "TEXT", maxLength: 400, nullable: false),
                    Kind = table.Column<int>(type: "INTEGER", nullable: false),
                    Role = table.Column<int>(type: "INTEGER", nullable: false),
                    OrganisationName = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    NameCipher = table.Column<string>(type: "TEXT", maxLength: 400, nullable: true),
                    NameMasked = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    NameIndex = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    IdentityNumberCipher = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    IdentityNumberMasked = table.Column<string>(type: "TEXT", maxLength: 18, nullable: true),
                    IdentityNumberIndex = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    PhoneCipher = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    PhoneMasked = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true),
                    PhoneIndex = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    IsVulnerable = table.Column<bool>(type: "INTEGER", nullable: false),
                    Vulnerability = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_mediation_parties", x => x.Id);
                    table.ForeignKey(
                        name: "FK_mediation_parties_mediation_cases_CaseId",
                        column: x => x.CaseId,
                        principalTable: "mediation_cases",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "mediation_centre_windows",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    CommitteeId = table.Column<Guid>(type: "TEXT", nullable: false),
                    UnitPath = table.Column<string>(type: "TEXT", maxLength: 400, nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    Agency = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_mediation_centre_windows", x => x.Id);
                    table.ForeignKey(
                        name: "FK_mediation_centre_windows_mediation_committees_CommitteeId",
                        column: x => x.CommitteeId,
                        principalTable: "mediation_committees",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "mediation_committee_members",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    CommitteeId = table.Column<Guid>(type: "TEXT", nullable: false),
                    UnitPath = table.Column<string>(type: "TEXT", maxLength: 400, nullable: false),
                    UserId = table.Column<Guid>(type: "TEXT", nullable: true),
                    Name = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    Gender = table.Column<int>(type: "INTEGER", nullable: false),
                    Role = table.Column<int>(type: "INTEGER", nullable: false),
                    Expertise = table.Column<string>(type: "TEXT", maxLength: 400, nullable: true),
                    CertificateNumber = table.Column<string>(type: "TEXT", maxLength: 40, nullable: true),
                    CertifiedOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    From = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    To = table.Column<DateOnly>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_mediation_committee_members", x => x.Id);
                    table.ForeignKey(
                        name: "FK_mediation_committee_members_mediation_committees_CommitteeId",
                        column: x => x.CommitteeId,
                        principalTable: "mediation_committees",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "mediation_session_attendance",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    SessionId = table.Column<Guid>(type: "TEXT", nullable: false),
                    UnitPath = table.Column<string>(type: "TEXT", maxLength: 400, nullable: false),
                    PartyId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Present = table.Column<bool>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_mediation_session_attendance", x => x.Id);
                    table.ForeignKey(
                        name: "FK_mediation_session_attendance_mediation_sessions_SessionId",
                        column: x => x.SessionId,
                        principalTable: "mediation_sessions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "mediation_session_bookings",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    SessionId = table.Column<Guid>(type: "TEXT", nullable: false),
                    UnitPath = table.Column<string>(type: "TEXT", maxLength: 400, nullable: false),
                    UserId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    StartsAt = table.Column<long>(type: "INTEGER", nullable: false),
                    EndsAt = table.Column<long>(type: "INTEGER", nullable: false),
                    IsActive = table.Column<bool>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_mediation_session_bookings", x => x.Id);
                    table.ForeignKey(
                        name: "FK_mediation_session_bookings_mediation_sessions_SessionId",
                        column: x => x.SessionId,
                        principalTable: "mediation_sessions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_mediation_case_mediators_CaseId_UserId",
                table: "mediation_case_mediators",
                columns: new[] { "CaseId", "UserId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_mediation_case_mediators_UnitPath",
                table: "mediation_case_mediators",
                column: "UnitPath");

            migrationBuilder.CreateIndex(
                name: "IX_mediation_case_mediators_UserId",
                table: "mediation_case_mediators",
                column: "UserId");

            migrationBuilder.CreateIndex(
                name: "IX_mediation_cases_Address",
                table: "mediation_cases",
                column: "Address");

            migrationBuilder.CreateIndex(
                name: "IX_mediation_cases_CommitteeId",
                table: "mediation_cases",
                column: "CommitteeId");

            migrationBuilder.CreateIndex(
                name: "IX_mediation_cases_Number",
                table: "mediation_cases",
                column: "Number",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_mediation_cases_SourceEventId",
                table: "mediation_cases",
                column: "SourceEventId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_mediation_cases_Status_RiskLevel",
                table: "mediation_cases",
                columns: new[] { "Status", "RiskLevel" });

            migrationBuilder.CreateIndex(
                name: "IX_mediation_cases_UnitPath",
                table: "mediation_cases",
                column: "UnitPath");

            migrationBuilder.CreateIndex(
                name: "IX_mediation_centre_windows_CommitteeId_Name",
                table: "mediation_centre_windows",
                columns: new[] { "CommitteeId", "Name" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_mediation_centre_windows_UnitPath",
                table: "mediation_centre_windows",
                column: "UnitPath");

            migrationBuilder.CreateIndex(
                name: "IX_mediation_committee_members_CommitteeId",
                table: "mediation_committee_members",
                column: "CommitteeId");

            migrationBuilder.CreateIndex(
                name: "IX_mediation_committee_members_UnitPath",
                table: "mediation_committee_members",
                column: "UnitPath");

            migrationBuilder.CreateIndex(
                name: "IX_mediation_committee_members_UserId",
                table: "mediation_committee_members",
                column: "UserId");

            migrationBuilder.CreateIndex(
                name: "IX_mediation_committees_UnitId_Name",
                table: "mediation_committees",
                columns: new[] { "UnitId", "Name" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_mediation_committees_UnitPath",
                table: "mediation_committees",
                column: "UnitPath");

            migrationBuilder.CreateIndex(
                name: "IX_mediation_parties_CaseId",
                table: "mediation_parties",
                column: "CaseId");

            migrationBuilder.CreateIndex(
                name: "IX_mediation_parties_IdentityNumberIndex",
                table: "mediation_parties",
                column: "IdentityNumberIndex");

            migrationBuilder.CreateIndex(
                name: "IX_mediation_parties_NameIndex",
                table: "mediation_parties",
                column: "NameIndex");

            migrationBuilder.CreateIndex(
                name: "IX_mediation_parties_PhoneIndex",
                table: "mediation_parties",
                column: "PhoneIndex");

            migrationBuilder.CreateIndex(
                name: "IX_mediation_parties_UnitPath",
                table: "mediation_parties",
                column: "UnitPath");

            migrationBuilder.CreateIndex(
                name: "IX_mediation_session_attendance_SessionId_PartyId",
                table: "mediation_session_attendance",
                columns: new[] { "SessionId", "PartyId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_mediation_session_attendance_UnitPath",
                table: "mediation_session_attendance",
                column: "UnitPath");

            migrationBuilder.CreateIndex(
                name: "IX_mediation_session_bookings_SessionId",
                table: "mediation_session_bookings",
                column: "SessionId");

            migrationBuilder.CreateIndex(
                name: "IX_mediation_session_bookings_UnitPath",
                table: "mediation_session_bookings",
                column: "UnitPath");

            migrationBuilder.CreateIndex(
                name: "IX_mediation_session_bookings_UserId_StartsAt",
                table: "mediation_session_bookings",
                columns: new[] { "UserId", "StartsAt" });

            migrationBuilder.CreateIndex(
                name: "IX_mediation_sessions_CaseId_Sequence",
                table: "mediation_sessions",
                columns: new[] { "CaseId", "Sequence" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_mediation_sessions_UnitPath",
                table: "mediation_sessions",
                column: "UnitPath");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "mediation_case_mediators");

            migrationBuilder.DropTable(
                name: "mediation_centre_windows");

            migrationBuilder.DropTable(
                name: "mediation_committee_members");

            migrationBuilder.DropTable(
                name: "mediation_parties");

            migrationBuilder.DropTable(
                name: "mediation_session_attendance");

            migrationBuilder.DropTable(
                name: "mediation_session_bookings");

            migrationBuilder.DropTable(
                name: "mediation_committees");

            migrationBuilder.DropTable(
                name: "mediation_cases");

            migrationBuilder.DropTable(
                name: "mediation_sessions");
        }
    }
}
