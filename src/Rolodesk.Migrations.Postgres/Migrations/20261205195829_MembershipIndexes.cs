using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Rolodesk.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class MembershipIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_UserGroupMembers_UserGroupId",
                table: "UserGroupMembers");

            migrationBuilder.DropIndex(
                name: "IX_UserGroupMembers_UserId",
                table: "UserGroupMembers");

            migrationBuilder.CreateIndex(
                name: "IX_UserGroupMembers_UserId_UserGroupId",
                table: "UserGroupMembers",
                columns: new[] { "UserId", "UserGroupId" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_UserGroupMembers_UserId_UserGroupId",
                table: "UserGroupMembers");

            migrationBuilder.CreateIndex(
                name: "IX_UserGroupMembers_UserGroupId",
                table: "UserGroupMembers",
                column: "UserGroupId");

            migrationBuilder.CreateIndex(
                name: "IX_UserGroupMembers_UserId",
                table: "UserGroupMembers",
                column: "UserId");
        }
    }
}
