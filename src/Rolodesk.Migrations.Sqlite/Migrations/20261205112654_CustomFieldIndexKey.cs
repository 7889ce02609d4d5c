using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Rolodesk.Migrations.Sqlite.Migrations
{
    /// <summary>
    /// CustomFieldIndex keyed by (kind, entity, field, seq) in a WITHOUT ROWID table, one value
    /// index instead of three, no foreign key (ADR 0008). Written by hand: EF cannot declare
    /// WITHOUT ROWID, and its table rebuild would number the rows of a nested value all 0.
    /// </summary>
    public partial class CustomFieldIndexKey : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE TABLE "CustomFieldIndex_new" (
                    "EntityKind" INTEGER NOT NULL,
                    "EntityId" INTEGER NOT NULL,
                    "FieldId" INTEGER NOT NULL,
                    "Seq" INTEGER NOT NULL,
                    "Text" TEXT NULL,
                    "Number" REAL NULL,
                    "Date" TEXT NULL,
                    CONSTRAINT "PK_CustomFieldIndex" PRIMARY KEY ("EntityKind", "EntityId", "FieldId", "Seq")
                ) WITHOUT ROWID
                """);
            migrationBuilder.Sql("""
                INSERT INTO "CustomFieldIndex_new" ("EntityKind", "EntityId", "FieldId", "Seq", "Text", "Number", "Date")
                SELECT "EntityKind", "EntityId", "FieldId",
                    row_number() OVER (PARTITION BY "EntityKind", "EntityId", "FieldId" ORDER BY "Id") - 1, "Text", "Number", "Date"
                FROM "CustomFieldIndex"
                """);
            migrationBuilder.Sql("""DROP TABLE "CustomFieldIndex" """);
            migrationBuilder.Sql("""ALTER TABLE "CustomFieldIndex_new" RENAME TO "CustomFieldIndex" """);
            migrationBuilder.CreateIndex(
                name: "IX_CustomFieldIndex_Value",
                table: "CustomFieldIndex",
                columns: new[] { "FieldId", "Text", "Number", "Date", "EntityId" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE TABLE "CustomFieldIndex_old" (
                    "Id" INTEGER NOT NULL CONSTRAINT "PK_CustomFieldIndex" PRIMARY KEY AUTOINCREMENT,
                    "EntityKind" INTEGER NOT NULL,
                    "EntityId" INTEGER NOT NULL,
                    "FieldId" INTEGER NOT NULL,
                    "Text" TEXT NULL,
                    "Number" REAL NULL,
                    "Date" TEXT NULL,
                    CONSTRAINT "FK_CustomFieldIndex_CustomFields_FieldId" FOREIGN KEY ("FieldId") REFERENCES "CustomFields" ("Id") ON DELETE CASCADE
                )
                """);
            migrationBuilder.Sql("""
                INSERT INTO "CustomFieldIndex_old" ("EntityKind", "EntityId", "FieldId", "Text", "Number", "Date")
                SELECT "EntityKind", "EntityId", "FieldId", "Text", "Number", "Date" FROM "CustomFieldIndex"
                WHERE "FieldId" IN (SELECT "Id" FROM "CustomFields") ORDER BY "EntityKind", "EntityId", "FieldId", "Seq"
                """);
            migrationBuilder.Sql("""DROP TABLE "CustomFieldIndex" """);
            migrationBuilder.Sql("""ALTER TABLE "CustomFieldIndex_old" RENAME TO "CustomFieldIndex" """);
            migrationBuilder.CreateIndex(name: "IX_CustomFieldIndex_EntityKind_EntityId_FieldId", table: "CustomFieldIndex", columns: new[] { "EntityKind", "EntityId", "FieldId" });
            migrationBuilder.CreateIndex(name: "IX_CustomFieldIndex_FieldId_Date_EntityId", table: "CustomFieldIndex", columns: new[] { "FieldId", "Date", "EntityId" });
            migrationBuilder.CreateIndex(name: "IX_CustomFieldIndex_FieldId_Number_EntityId", table: "CustomFieldIndex", columns: new[] { "FieldId", "Number", "EntityId" });
            migrationBuilder.CreateIndex(name: "IX_CustomFieldIndex_FieldId_Text_EntityId", table: "CustomFieldIndex", columns: new[] { "FieldId", "Text", "EntityId" });
        }
    }
}
