using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Fengqiao.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class MediationAgreements : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "mediation_agreements",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    CaseId = table.Column<Guid>(type: "TEXT", nullable: false),
                    CaseNumber = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    CommitteeName = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    UnitPath = table.Column<string>(type: "TEXT", maxLength: 400, nullable: false),
                    Sequence = table.Column<int>(type: "INTEGER", nullable: false),
                    Number = table.Column<string>(type: "TEXT", maxLength: 30, nullable: false),
                    Form = table.Column<int>(type: "INTEGER", nullable: false),
                    Status = table.Column<int>(type: "INTEGER", nullable: false),
                    Facts = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    DisputedMatters = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    Responsibilities = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    IssuedOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    EffectiveOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    ConfirmationAppliedOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    ConfirmationCourt = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    ConfirmationDecision = table.Column<int>(type: "INTEGER", nullable: true),
                    ConfirmationDecidedOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    AfterInvalidity = table.Column<int>(type: "INTEGER", nullable: true),
                    Version = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_mediation_agreements", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "mediation_agreement_obligations",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    AgreementId = table.Column<Guid>(type: "TEXT", nullable: false),
                    UnitPath = table.Column<string>(type: "TEXT", maxLength: 400, nullable: false),
                    Sequence = table.Column<int>(type: "INTEGER", nullable: false),
                    PartyId = table.Column<Guid>(type: "TEXT", nullable: true),
                    Content = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    Manner = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    DueOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    IsPayment = table.Column<bool>(type: "INTEGER", nullable: false),
                    Amount = table.Column<decimal>(type: "TEXT", precision: 14, scale: 2, nullable: true),
                    State = table.Column<int>(type: "INTEGER", nullable: false),
                    PerformedOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    Note = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_mediation_agreement_obligations", x => x.Id);
                    table.ForeignKey(
                        name: "FK_mediation_agreement_obligations_mediation_agreements_AgreementId",
                        column: x => x.AgreementId,
                        principalTable: "mediation_agreements",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "mediation_agreement_signatures",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    AgreementId = table.Column<Guid>(type: "TEXT", nullable: false),
                    UnitPath = table.Column<string>(type: "TEXT", maxLength: 400, nullable: false),
                    Signer = table.Column<int>(type: "INTEGER", nullable: false),
                    PartyId = table.Column<Guid>(type: "TEXT", nullable: true),
                    UserId = table.Column<Guid>(type: "TEXT", nullable: true),
                    Name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Method = table.Column<int>(type: "INTEGER", nullable: false),
                    SignedOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    RecordedBy = table.Column<Guid>(type: "TEXT", nullable: true),
                    RecordedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_mediation_agreement_signatures", x => x.Id);
                    table.ForeignKey(
                        name: "FK_mediation_agreement_signatures_mediation_agreements_AgreementId",
                        column: x => x.AgreementId,
                        principalTable: "mediation_agreements",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_mediation_agreement_obligations_AgreementId",
                table: "mediation_agreement_obligations",
                column: "AgreementId");

            migrationBuilder.CreateIndex(
                name: "IX_mediation_agreement_obligations_State_DueOn",
                table: "mediation_agreement_obligations",
                columns: new[] { "State", "DueOn" });

            migrationBuilder.CreateIndex(
                name: "IX_mediation_agreement_obligations_UnitPath",
                table: "mediation_agreement_obligations",
                column: "UnitPath");

            migrationBuilder.CreateIndex(
                name: "IX_mediation_agreement_signatures_AgreementId",
                table: "mediation_agreement_signatures",
                column: "AgreementId");

            migrationBuilder.CreateIndex(
                name: "IX_mediation_agreement_signatures_UnitPath",
                table: "mediation_agreement_signatures",
                column: "UnitPath");

            migrationBuilder.CreateIndex(
                name: "IX_mediation_agreements_CaseId_Sequence",
                table: "mediation_agreements",
                columns: new[] { "CaseId", "Sequence" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_mediation_agreements_Number",
                table: "mediation_agreements",
                column: "Number",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_mediation_agreements_Status_EffectiveOn",
                table: "mediation_agreements",
                columns: new[] { "Status", "EffectiveOn" });

            migrationBuilder.CreateIndex(
                name: "IX_mediation_agreements_UnitPath",
                table: "mediation_agreements",
                column: "UnitPath");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "mediation_agreement_obligations");

            migrationBuilder.DropTable(
                name: "mediation_agreement_signatures");

            migrationBuilder.DropTable(
                name: "mediation_agreements");
        }
    }
}
