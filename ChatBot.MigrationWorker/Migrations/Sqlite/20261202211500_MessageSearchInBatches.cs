using ChatBot.Data;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ChatBot.MigrationWorker.Migrations.Sqlite
{
    /// <summary>
    /// New messages enter the full-text index in batches (<see cref="MessageSearchIndex.SqliteCatchUp"/>), no longer each
    /// in its own transaction by a trigger: FTS5 writes a segment for every transaction that changes it, which cost
    /// sending more than the index itself. <see cref="MessageSearchIndex.SqliteProgressTable"/> says how far the index
    /// has come; the edit and deletion triggers act on the messages up to there only, and the catch-up reads the others
    /// as they are by then.
    /// </summary>
    public partial class MessageSearchInBatches : Migration
    {
        private const string Table = MessageSearchIndex.SqliteTable;
        private const string Progress = MessageSearchIndex.SqliteProgressTable;

        /// <summary>Text messages not deleted (<see cref="MessageKind.Text"/> is 0): what the index holds once it has caught up.</summary>
        private static string Live(string row) => $"""{row}."Kind" = {(int)MessageKind.Text} AND {row}."DeletedAt" IS NULL""";

        /// <summary>The rows the index holds: live ones up to its progress.</summary>
        private static string Indexed(string row) => $"""{Live(row)} AND {row}."Id" <= (SELECT "IndexedThrough" FROM "{Progress}")""";

        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // The index holds every message so far (the insert trigger saw to it): its progress starts at the last.
            migrationBuilder.Sql($"""
                CREATE TABLE "{Progress}" ("IndexedThrough" INTEGER NOT NULL);
                INSERT INTO "{Progress}" ("IndexedThrough") SELECT coalesce(max("Id"), 0) FROM "Messages";
                DROP TRIGGER "{Table}_Insert";
                DROP TRIGGER "{Table}_Update";
                DROP TRIGGER "{Table}_Delete";
                """);
            CreateChangeTriggers(migrationBuilder, Indexed);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            foreach (var statement in MessageSearchIndex.SqliteCatchUp)
            {
                migrationBuilder.Sql($"{statement};");
            }

            migrationBuilder.Sql($"""
                DROP TRIGGER "{Table}_Update";
                DROP TRIGGER "{Table}_Delete";
                DROP TABLE "{Progress}";
                """);
            migrationBuilder.Sql($"""
                CREATE TRIGGER "{Table}_Insert" AFTER INSERT ON "Messages" WHEN {Live("new")}
                BEGIN
                    INSERT INTO "{Table}" (rowid, "Body") VALUES (new."Id", new."Body");
                END;
                """);
            CreateChangeTriggers(migrationBuilder, Live);
        }

        /// <summary>
        /// The triggers that keep the index true to a change of a message it holds: each takes out exactly what went
        /// in (the same condition on the old row as on the new), as an external-content table needs.
        /// </summary>
        private static void CreateChangeTriggers(MigrationBuilder migrationBuilder, Func<string, string> indexed)
        {
            // A reaction rewrites a message's row with its text unchanged: the index is left alone then.
            migrationBuilder.Sql($"""
                CREATE TRIGGER "{Table}_Update" AFTER UPDATE OF "Kind", "Body", "DeletedAt" ON "Messages"
                WHEN old."Body" IS NOT new."Body" OR old."Kind" IS NOT new."Kind" OR old."DeletedAt" IS NOT new."DeletedAt"
                BEGIN
                    INSERT INTO "{Table}" ("{Table}", rowid, "Body") SELECT 'delete', old."Id", old."Body" WHERE {indexed("old")};
                    INSERT INTO "{Table}" (rowid, "Body") SELECT new."Id", new."Body" WHERE {indexed("new")};
                END;
                """);
            migrationBuilder.Sql($"""
                CREATE TRIGGER "{Table}_Delete" AFTER DELETE ON "Messages" WHEN {indexed("old")}
                BEGIN
                    INSERT INTO "{Table}" ("{Table}", rowid, "Body") VALUES ('delete', old."Id", old."Body");
                END;
                """);
        }
    }
}
