using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Rolodesk.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class PerfDefinitionsStamp : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "DefinitionsStamp",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false),
                    Value = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DefinitionsStamp", x => x.Id);
                });

            migrationBuilder.InsertData(
                table: "DefinitionsStamp",
                columns: new[] { "Id", "Value" },
                values: new object[] { 1, new Guid("5a0d3c1e-0000-4000-8000-000000000001") });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "DefinitionsStamp");
        }
    }
}
