using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ChatBot.MigrationWorker.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class FilesInAFolder : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "PreviewLength",
                table: "Files",
                type: "bigint",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "ThumbnailLength",
                table: "Files",
                type: "bigint",
                nullable: true);

            migrationBuilder.Sql(FileCopyLengths.Fill);

            migrationBuilder.CreateTable(
                name: "FileBlobs",
                columns: table => new
                {
                    Key = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_FileBlobs", x => x.Key);
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "FileBlobs");

            migrationBuilder.DropColumn(
                name: "PreviewLength",
                table: "Files");

            migrationBuilder.DropColumn(
                name: "ThumbnailLength",
                table: "Files");
        }
    }
}
