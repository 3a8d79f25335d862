using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ChatBot.MigrationWorker.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class DisplayNameSearch : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "NormalizedDisplayName",
                table: "AspNetUsers",
                type: "TEXT",
                maxLength: 64,
                nullable: false,
                defaultValue: "");

            // Accounts made before: SQLite's upper() covers ASCII letters; new names are normalized by the app.
            migrationBuilder.Sql("""UPDATE "AspNetUsers" SET "NormalizedDisplayName" = upper("DisplayName");""");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "NormalizedDisplayName",
                table: "AspNetUsers");
        }
    }
}
