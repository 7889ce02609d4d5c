using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Rolodesk.Migrations.Sqlite.Migrations
{
    /// <summary>
    /// CustomFieldIndex rows of texts carry the card's sort name, and the value index orders one
    /// text's entries by it (ADR 0010). Written by hand: ALTER TABLE ADD / DROP COLUMN keep the
    /// table WITHOUT ROWID, where EF's table rebuild would drop it (ADR 0008). The value index is
    /// dropped before the back-fill so the update does not maintain it row by row.
    /// </summary>
    public partial class NameOrderedValueIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_CustomFieldIndex_Value",
                table: "CustomFieldIndex");

            migrationBuilder.AddColumn<string>(
                name: "SortKey",
                table: "CustomFieldIndex",
                type: "TEXT",
                maxLength: 200,
                nullable: true);

            // Correlated look-ups rather than UPDATE … FROM: one key seek of the card per text row.
            foreach (var (kind, table) in new[] { (0, "Users"), (1, "Companies") })
                migrationBuilder.Sql($"""
                    UPDATE "CustomFieldIndex" SET "SortKey" = (SELECT c."NormalizedName" FROM "{table}" c WHERE c."Id" = "CustomFieldIndex"."EntityId")
                    WHERE "EntityKind" = {kind} AND "Text" IS NOT NULL;
                    """);

            migrationBuilder.CreateIndex(
                name: "IX_CustomFieldIndex_Value",
                table: "CustomFieldIndex",
                columns: new[] { "FieldId", "Text", "Number", "Date", "SortKey", "EntityId" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_CustomFieldIndex_Value",
                table: "CustomFieldIndex");

            // SQLite 3.35+ drops a column in place; EF's DropColumn would rebuild the table without WITHOUT ROWID.
            migrationBuilder.Sql("""ALTER TABLE "CustomFieldIndex" DROP COLUMN "SortKey" """);

            migrationBuilder.CreateIndex(
                name: "IX_CustomFieldIndex_Value",
                table: "CustomFieldIndex",
                columns: new[] { "FieldId", "Text", "Number", "Date", "EntityId" });
        }
    }
}
