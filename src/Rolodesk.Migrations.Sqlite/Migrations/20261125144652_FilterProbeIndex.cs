using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Rolodesk.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class FilterProbeIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_CustomFieldIndex_EntityKind_EntityId",
                table: "CustomFieldIndex");

            migrationBuilder.CreateIndex(
                name: "IX_CustomFieldIndex_EntityKind_EntityId_FieldId",
                table: "CustomFieldIndex",
                columns: new[] { "EntityKind", "EntityId", "FieldId" });

            // Text fields are now indexed upper-cased (case-insensitive equality filters). There is
            // no production data yet, so the database's upper() (ASCII-only on SQLite) is enough for
            // rows written before; new rows get .NET's upper-invariant from the field type.
            migrationBuilder.Sql(
                """UPDATE "CustomFieldIndex" SET "Text" = upper("Text") WHERE "FieldId" IN (SELECT "Id" FROM "CustomFields" WHERE "Type" = 'text')""");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_CustomFieldIndex_EntityKind_EntityId_FieldId",
                table: "CustomFieldIndex");

            migrationBuilder.CreateIndex(
                name: "IX_CustomFieldIndex_EntityKind_EntityId",
                table: "CustomFieldIndex",
                columns: new[] { "EntityKind", "EntityId" });
        }
    }
}
