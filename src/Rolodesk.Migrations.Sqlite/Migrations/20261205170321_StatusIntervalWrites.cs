using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Rolodesk.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class StatusIntervalWrites : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_AgentPresence_Statuses_StatusId",
                table: "AgentPresence");

            migrationBuilder.DropForeignKey(
                name: "FK_StatusIntervals_Statuses_StatusId",
                table: "StatusIntervals");

            migrationBuilder.DropIndex(
                name: "IX_StatusIntervals_OpenPerAgent",
                table: "StatusIntervals");

            migrationBuilder.DropIndex(
                name: "IX_StatusIntervals_StatusId",
                table: "StatusIntervals");

            migrationBuilder.DropIndex(
                name: "IX_AgentPresence_StatusId",
                table: "AgentPresence");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_StatusIntervals_OpenPerAgent",
                table: "StatusIntervals",
                column: "AgentId",
                unique: true,
                filter: "\"Ended\" IS NULL");

            migrationBuilder.CreateIndex(
                name: "IX_StatusIntervals_StatusId",
                table: "StatusIntervals",
                column: "StatusId");

            migrationBuilder.CreateIndex(
                name: "IX_AgentPresence_StatusId",
                table: "AgentPresence",
                column: "StatusId");

            migrationBuilder.AddForeignKey(
                name: "FK_AgentPresence_Statuses_StatusId",
                table: "AgentPresence",
                column: "StatusId",
                principalTable: "Statuses",
                principalColumn: "Id",
                onDelete: ReferentialAction.Restrict);

            migrationBuilder.AddForeignKey(
                name: "FK_StatusIntervals_Statuses_StatusId",
                table: "StatusIntervals",
                column: "StatusId",
                principalTable: "Statuses",
                principalColumn: "Id",
                onDelete: ReferentialAction.Restrict);
        }
    }
}
