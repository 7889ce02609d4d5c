using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Rolodesk.Migrations.Postgres.Migrations
{
    /// <summary>
    /// CustomFieldIndex rows of texts carry the card's sort name, and the value index orders one
    /// text's entries by it (ADR 0010). The value index is dropped before the back-fill so the
    /// update does not maintain it row by row, and built once afterwards.
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
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            // A hash join of the cards; the rows' old versions are left to (auto)vacuum (ADR 0010).
            foreach (var (kind, table) in new[] { (0, "Users"), (1, "Companies") })
                migrationBuilder.Sql($"""
                    UPDATE "CustomFieldIndex" i SET "SortKey" = c."NormalizedName" FROM "{table}" c
                    WHERE c."Id" = i."EntityId" AND i."EntityKind" = {kind} AND i."Text" IS NOT NULL;
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

            migrationBuilder.DropColumn(
                name: "SortKey",
                table: "CustomFieldIndex");

            migrationBuilder.CreateIndex(
                name: "IX_CustomFieldIndex_Value",
                table: "CustomFieldIndex",
                columns: new[] { "FieldId", "Text", "Number", "Date", "EntityId" });
        }
    }
}
