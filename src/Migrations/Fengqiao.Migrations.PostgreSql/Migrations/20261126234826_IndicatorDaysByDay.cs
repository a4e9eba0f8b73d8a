using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Fengqiao.Migrations.PostgreSql.Migrations
{
    /// <inheritdoc />
    public partial class IndicatorDaysByDay : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_case_indicator_days_Day_UnitPath_DepartmentCode",
                table: "case_indicator_days",
                columns: new[] { "Day", "UnitPath", "DepartmentCode" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_case_indicator_days_Day_UnitPath_DepartmentCode",
                table: "case_indicator_days");
        }
    }
}
