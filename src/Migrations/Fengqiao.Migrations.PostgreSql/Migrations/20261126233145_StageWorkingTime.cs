using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Fengqiao.Migrations.PostgreSql.Migrations
{
    /// <inheritdoc />
    public partial class StageWorkingTime : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.RenameColumn(
                name: "VerificationMicroseconds",
                table: "case_indicator_days",
                newName: "VerificationWorkingMicroseconds");

            migrationBuilder.RenameColumn(
                name: "TotalMicroseconds",
                table: "case_indicator_days",
                newName: "TotalWorkingMicroseconds");

            migrationBuilder.RenameColumn(
                name: "FilingMicroseconds",
                table: "case_indicator_days",
                newName: "FilingWorkingMicroseconds");

            migrationBuilder.RenameColumn(
                name: "DisposalMicroseconds",
                table: "case_indicator_days",
                newName: "DisposalWorkingMicroseconds");

            migrationBuilder.RenameColumn(
                name: "DispatchMicroseconds",
                table: "case_indicator_days",
                newName: "DispatchWorkingMicroseconds");

            migrationBuilder.AddColumn<long>(
                name: "DispatchWorkingMicroseconds",
                table: "cases",
                type: "bigint",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "DisposalWorkingMicroseconds",
                table: "cases",
                type: "bigint",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "FilingWorkingMicroseconds",
                table: "cases",
                type: "bigint",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "StatusSince",
                table: "cases",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "VerificationWorkingMicroseconds",
                table: "cases",
                type: "bigint",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_cases_backfill_StatusSince",
                table: "cases",
                column: "Id",
                filter: "\"StatusSince\" IS NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_cases_backfill_StatusSince",
                table: "cases");

            migrationBuilder.DropColumn(
                name: "DispatchWorkingMicroseconds",
                table: "cases");

            migrationBuilder.DropColumn(
                name: "DisposalWorkingMicroseconds",
                table: "cases");

            migrationBuilder.DropColumn(
                name: "FilingWorkingMicroseconds",
                table: "cases");

            migrationBuilder.DropColumn(
                name: "StatusSince",
                table: "cases");

            migrationBuilder.DropColumn(
                name: "VerificationWorkingMicroseconds",
                table: "cases");

            migrationBuilder.RenameColumn(
                name: "VerificationWorkingMicroseconds",
                table: "case_indicator_days",
                newName: "VerificationMicroseconds");

            migrationBuilder.RenameColumn(
                name: "TotalWorkingMicroseconds",
                table: "case_indicator_days",
                newName: "TotalMicroseconds");

            migrationBuilder.RenameColumn(
                name: "FilingWorkingMicroseconds",
                table: "case_indicator_days",
                newName: "FilingMicroseconds");

            migrationBuilder.RenameColumn(
                name: "DisposalWorkingMicroseconds",
                table: "case_indicator_days",
                newName: "DisposalMicroseconds");

            migrationBuilder.RenameColumn(
                name: "DispatchWorkingMicroseconds",
                table: "case_indicator_days",
                newName: "DispatchMicroseconds");
        }
    }
}
