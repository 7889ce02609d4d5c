using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Rolodesk.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class HiddenFieldValues : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "HiddenFieldValues",
                columns: table => new
                {
                    FieldId = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_HiddenFieldValues", x => x.FieldId);
                    table.ForeignKey(
                        name: "FK_HiddenFieldValues_CustomFields_FieldId",
                        column: x => x.FieldId,
                        principalTable: "CustomFields",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            // Values already hidden from their cards (users who left a field's audience before this table existed): mark
            // their fields once, by one pass over the users' index rows (ADR 0012).
            migrationBuilder.Sql("""
                INSERT INTO "HiddenFieldValues" ("FieldId")
                SELECT DISTINCT i."FieldId" FROM "CustomFieldIndex" i
                WHERE i."EntityKind" = 0
                  AND NOT EXISTS (
                    SELECT 1 FROM "CustomFields" f
                    JOIN "FieldGroupUserGroups" a ON a."FieldGroupId" = f."FieldGroupId"
                    JOIN "UserGroupMembers" m ON m."UserGroupId" = a."UserGroupId" AND m."UserId" = i."EntityId"
                    WHERE f."Id" = i."FieldId")
                ON CONFLICT DO NOTHING
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "HiddenFieldValues");
        }
    }
}
