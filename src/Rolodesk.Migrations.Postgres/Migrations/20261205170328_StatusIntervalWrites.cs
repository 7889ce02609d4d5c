using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Rolodesk.Migrations.Postgres.Migrations
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

            // ADR 0011: with no index on "Ended" closing an interval (and, with none on StatusId, moving a presence
            // row) is a HOT update when the row's page has room: new pages are filled to 70 % (existing ones are not
            // rewritten; the setting applies to pages written from now on).
            migrationBuilder.Sql("""ALTER TABLE "StatusIntervals" SET (fillfactor = 70)""");
            migrationBuilder.Sql("""ALTER TABLE "AgentPresence" SET (fillfactor = 70)""");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""ALTER TABLE "StatusIntervals" RESET (fillfactor)""");
            migrationBuilder.Sql("""ALTER TABLE "AgentPresence" RESET (fillfactor)""");

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
