using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Rolodesk.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class Statuses : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "Statuses",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Name = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    Color = table.Column<string>(type: "TEXT", maxLength: 7, nullable: false),
                    Position = table.Column<int>(type: "INTEGER", nullable: false),
                    AcceptsRequests = table.Column<bool>(type: "INTEGER", nullable: false),
                    SystemKey = table.Column<string>(type: "TEXT", maxLength: 16, nullable: true),
                    DeletedAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Statuses", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "AgentPresence",
                columns: table => new
                {
                    UserId = table.Column<int>(type: "INTEGER", nullable: false),
                    StatusId = table.Column<int>(type: "INTEGER", nullable: false),
                    Since = table.Column<long>(type: "INTEGER", nullable: false),
                    OpenIntervalId = table.Column<Guid>(type: "TEXT", nullable: false),
                    StatusBeforeInactivityId = table.Column<int>(type: "INTEGER", nullable: true),
                    LastActivityAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Version = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AgentPresence", x => x.UserId);
                    table.ForeignKey(
                        name: "FK_AgentPresence_Statuses_StatusId",
                        column: x => x.StatusId,
                        principalTable: "Statuses",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_AgentPresence_Users_UserId",
                        column: x => x.UserId,
                        principalTable: "Users",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "StatusIntervals",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    AgentId = table.Column<int>(type: "INTEGER", nullable: false),
                    Sequence = table.Column<long>(type: "INTEGER", nullable: false),
                    StatusId = table.Column<int>(type: "INTEGER", nullable: false),
                    Started = table.Column<long>(type: "INTEGER", nullable: false),
                    Ended = table.Column<long>(type: "INTEGER", nullable: true),
                    Source = table.Column<string>(type: "TEXT", maxLength: 16, nullable: true),
                    ActorUserId = table.Column<int>(type: "INTEGER", nullable: true),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    PreviousStatusId = table.Column<int>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_StatusIntervals", x => x.Id);
                    table.ForeignKey(
                        name: "FK_StatusIntervals_Statuses_StatusId",
                        column: x => x.StatusId,
                        principalTable: "Statuses",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_StatusIntervals_Users_AgentId",
                        column: x => x.AgentId,
                        principalTable: "Users",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "StatusSettings",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false),
                    InactivityMinutes = table.Column<int>(type: "INTEGER", nullable: true),
                    InactivityStatusId = table.Column<int>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_StatusSettings", x => x.Id);
                    table.ForeignKey(
                        name: "FK_StatusSettings_Statuses_InactivityStatusId",
                        column: x => x.InactivityStatusId,
                        principalTable: "Statuses",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_AgentPresence_LastActivityAt",
                table: "AgentPresence",
                column: "LastActivityAt");

            migrationBuilder.CreateIndex(
                name: "IX_AgentPresence_StatusId",
                table: "AgentPresence",
                column: "StatusId");

            migrationBuilder.CreateIndex(
                name: "IX_Statuses_SystemKey",
                table: "Statuses",
                column: "SystemKey",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_StatusIntervals_AgentId_Sequence",
                table: "StatusIntervals",
                columns: new[] { "AgentId", "Sequence" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_StatusIntervals_AgentId_Started",
                table: "StatusIntervals",
                columns: new[] { "AgentId", "Started" });

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
                name: "IX_StatusSettings_InactivityStatusId",
                table: "StatusSettings",
                column: "InactivityStatusId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "AgentPresence");

            migrationBuilder.DropTable(
                name: "StatusIntervals");

            migrationBuilder.DropTable(
                name: "StatusSettings");

            migrationBuilder.DropTable(
                name: "Statuses");
        }
    }
}
