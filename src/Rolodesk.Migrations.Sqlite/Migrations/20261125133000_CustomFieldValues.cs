using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Rolodesk.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class CustomFieldValues : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "CustomFields",
                table: "Users",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "CustomFields",
                table: "Companies",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "CustomFieldIndex",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    EntityKind = table.Column<byte>(type: "INTEGER", nullable: false),
                    EntityId = table.Column<int>(type: "INTEGER", nullable: false),
                    FieldId = table.Column<int>(type: "INTEGER", nullable: false),
                    Text = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    Number = table.Column<double>(type: "REAL", nullable: true),
                    Date = table.Column<DateOnly>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CustomFieldIndex", x => x.Id);
                    table.ForeignKey(
                        name: "FK_CustomFieldIndex_CustomFields_FieldId",
                        column: x => x.FieldId,
                        principalTable: "CustomFields",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_CustomFieldIndex_EntityKind_EntityId",
                table: "CustomFieldIndex",
                columns: new[] { "EntityKind", "EntityId" });

            migrationBuilder.CreateIndex(
                name: "IX_CustomFieldIndex_FieldId_Date_EntityId",
                table: "CustomFieldIndex",
                columns: new[] { "FieldId", "Date", "EntityId" });

            migrationBuilder.CreateIndex(
                name: "IX_CustomFieldIndex_FieldId_Number_EntityId",
                table: "CustomFieldIndex",
                columns: new[] { "FieldId", "Number", "EntityId" });

            migrationBuilder.CreateIndex(
                name: "IX_CustomFieldIndex_FieldId_Text_EntityId",
                table: "CustomFieldIndex",
                columns: new[] { "FieldId", "Text", "EntityId" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "CustomFieldIndex");

            migrationBuilder.DropColumn(
                name: "CustomFields",
                table: "Users");

            migrationBuilder.DropColumn(
                name: "CustomFields",
                table: "Companies");
        }
    }
}
