using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Fengqiao.Migrations.PostgreSql.Migrations
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
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    CaseId = table.Column<Guid>(type: "uuid", nullable: false),
                    CaseNumber = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    CommitteeName = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    UnitPath = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false),
                    Sequence = table.Column<int>(type: "integer", nullable: false),
                    Number = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    Form = table.Column<int>(type: "integer", nullable: false),
                    Status = table.Column<int>(type: "integer", nullable: false),
                    Facts = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    DisputedMatters = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    Responsibilities = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    IssuedOn = table.Column<DateOnly>(type: "date", nullable: true),
                    EffectiveOn = table.Column<DateOnly>(type: "date", nullable: true),
                    ConfirmationAppliedOn = table.Column<DateOnly>(type: "date", nullable: true),
                    ConfirmationCourt = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    ConfirmationDecision = table.Column<int>(type: "integer", nullable: true),
                    ConfirmationDecidedOn = table.Column<DateOnly>(type: "date", nullable: true),
                    AfterInvalidity = table.Column<int>(type: "integer", nullable: true),
                    Version = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_mediation_agreements", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "mediation_agreement_obligations",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    AgreementId = table.Column<Guid>(type: "uuid", nullable: false),
                    UnitPath = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false),
                    Sequence = table.Column<int>(type: "integer", nullable: false),
                    PartyId = table.Column<Guid>(type: "uuid", nullable: true),
                    Content = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    Manner = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    DueOn = table.Column<DateOnly>(type: "date", nullable: true),
                    IsPayment = table.Column<bool>(type: "boolean", nullable: false),
                    Amount = table.Column<decimal>(type: "numeric(14,2)", precision: 14, scale: 2, nullable: true),
                    State = table.Column<int>(type: "integer", nullable: false),
                    PerformedOn = table.Column<DateOnly>(type: "date", nullable: true),
                    Note = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_mediation_agreement_obligations", x => x.Id);
                    table.ForeignKey(
                        name: "FK_mediation_agreement_obligations_mediation_agreements_Agreem~",
                        column: x => x.AgreementId,
                        principalTable: "mediation_agreements",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "mediation_agreement_signatures",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    AgreementId = table.Column<Guid>(type: "uuid", nullable: false),
                    UnitPath = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false),
                    Signer = table.Column<int>(type: "integer", nullable: false),
                    PartyId = table.Column<Guid>(type: "uuid", nullable: true),
                    UserId = table.Column<Guid>(type: "uuid", nullable: true),
                    Name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Method = table.Column<int>(type: "integer", nullable: false),
                    SignedOn = table.Column<DateOnly>(type: "date", nullable: false),
                    RecordedBy = table.Column<Guid>(type: "uuid", nullable: true),
                    RecordedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_mediation_agreement_signatures", x => x.Id);
                    table.ForeignKey(
                        name: "FK_mediation_agreement_signatures_mediation_agreements_Agreeme~",
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
