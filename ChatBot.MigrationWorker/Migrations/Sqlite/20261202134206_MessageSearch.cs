using ChatBot.Data;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ChatBot.MigrationWorker.Migrations.Sqlite
{
    /// <summary>
    /// The full-text index of live messages (<see cref="MessageSearchIndex"/>): an FTS5 table of external content, kept by
    /// triggers on <c>Messages</c>, so every statement that writes a message (the message store's insert, its edit and
    /// deletion updates) changes the index in its own transaction. External content rather than contentless: the index
    /// holds no second copy of the text, and highlight() reads the current text from <c>Messages</c> by rowid, which a
    /// contentless table, having no text, cannot. Each trigger takes out exactly what went in (the same condition on
    /// the old row as on the new), which is what an external-content table needs to stay true to its content.
    /// A later migration that rebuilds <c>Messages</c> (SQLite's way of altering a column) drops these triggers, and
    /// must create them again.
    /// </summary>
    public partial class MessageSearch : Migration
    {
        private const string Table = MessageSearchIndex.SqliteTable;

        /// <summary>The rows the index holds: text messages not deleted (<see cref="MessageKind.Text"/> is 0).</summary>
        private static string Indexed(string row) => $"""{row}."Kind" = {(int)MessageKind.Text} AND {row}."DeletedAt" IS NULL""";

        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // No column sizes: they serve ranking by bm25, which search does not use, and cost a write per message.
            migrationBuilder.Sql($"""
                CREATE VIRTUAL TABLE "{Table}" USING fts5(
                    "Body", content='Messages', content_rowid='Id', columnsize=0, tokenize='{MessageSearchIndex.SqliteTokenizer}');
                """);
            migrationBuilder.Sql($"""
                INSERT INTO "{Table}" (rowid, "Body") SELECT "Id", "Body" FROM "Messages" WHERE {Indexed("Messages")};
                """);
            migrationBuilder.Sql($"""
                CREATE TRIGGER "{Table}_Insert" AFTER INSERT ON "Messages" WHEN {Indexed("new")}
                BEGIN
                    INSERT INTO "{Table}" (rowid, "Body") VALUES (new."Id", new."Body");
                END;
                """);
            // A reaction rewrites a message's row with its text unchanged: the index is left alone then.
            migrationBuilder.Sql($"""
                CREATE TRIGGER "{Table}_Update" AFTER UPDATE OF "Kind", "Body", "DeletedAt" ON "Messages"
                WHEN old."Body" IS NOT new."Body" OR old."Kind" IS NOT new."Kind" OR old."DeletedAt" IS NOT new."DeletedAt"
                BEGIN
                    INSERT INTO "{Table}" ("{Table}", rowid, "Body") SELECT 'delete', old."Id", old."Body" WHERE {Indexed("old")};
                    INSERT INTO "{Table}" (rowid, "Body") SELECT new."Id", new."Body" WHERE {Indexed("new")};
                END;
                """);
            migrationBuilder.Sql($"""
                CREATE TRIGGER "{Table}_Delete" AFTER DELETE ON "Messages" WHEN {Indexed("old")}
                BEGIN
                    INSERT INTO "{Table}" ("{Table}", rowid, "Body") VALUES ('delete', old."Id", old."Body");
                END;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            foreach (var trigger in new[] { "Insert", "Update", "Delete" })
            {
                migrationBuilder.Sql($"""DROP TRIGGER "{Table}_{trigger}";""");
            }

            migrationBuilder.Sql($"""DROP TABLE "{Table}";""");
        }
    }
}
