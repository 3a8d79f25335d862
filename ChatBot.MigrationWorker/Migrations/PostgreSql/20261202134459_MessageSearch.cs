using ChatBot.Data;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ChatBot.MigrationWorker.Migrations.PostgreSql
{
    /// <summary>
    /// The full-text index of live messages (<see cref="MessageSearchIndex"/>): a stored generated <c>tsvector</c>
    /// column of <c>Messages</c>, computed by PostgreSQL in the statement that writes the row (so in its transaction),
    /// for existing rows as the column is added, with a GIN index. Its configuration is <c>simple</c> (no stemming: words
    /// of any language) with accents folded by <c>unaccent</c> where the server has the extension and lets this user
    /// create it; without it, search still works, accents and all. The column stays out of the EF Core model: nothing
    /// but search reads it, and history never carries it.
    /// </summary>
    public partial class MessageSearch : Migration
    {
        private const string Configuration = MessageSearchIndex.PostgreSqlConfiguration;
        private const string Fold = MessageSearchIndex.PostgreSqlFold;
        private const string Column = MessageSearchIndex.PostgreSqlColumn;

        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DO $$
                BEGIN
                    IF EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'unaccent') THEN
                        BEGIN
                            CREATE EXTENSION IF NOT EXISTS unaccent;
                        EXCEPTION WHEN insufficient_privilege THEN
                            RAISE NOTICE 'unaccent could not be created: search will not fold accents';
                        END;
                    END IF;
                END $$;
                """);
            // The word tokens that may carry accents go through unaccent first; found wherever the extension put it.
            migrationBuilder.Sql($"""
                DO $$
                DECLARE
                    dictionary text;
                BEGIN
                    CREATE TEXT SEARCH CONFIGURATION {Configuration} (COPY = pg_catalog.simple);
                    SELECT format('%I.%I', n.nspname, d.dictname) INTO dictionary
                    FROM pg_ts_dict AS d JOIN pg_namespace AS n ON n.oid = d.dictnamespace
                    WHERE d.dictname = 'unaccent' LIMIT 1;
                    IF dictionary IS NOT NULL THEN
                        EXECUTE format(
                            'ALTER TEXT SEARCH CONFIGURATION {Configuration} ALTER MAPPING FOR word, numword, hword, numhword, hword_part, hword_numpart WITH %s, simple',
                            dictionary);
                    END IF;
                END $$;
                """);
            migrationBuilder.Sql($$"""
                DO $$
                BEGIN
                    IF EXISTS (SELECT 1 FROM pg_collation WHERE collname = 'und-x-icu') THEN
                        CREATE FUNCTION {{Fold}}(body text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE
                        AS $f$ SELECT lower(body COLLATE "und-x-icu") $f$;
                    ELSE
                        CREATE FUNCTION {{Fold}}(body text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE
                        AS $f$ SELECT lower(body) $f$;
                    END IF;
                END $$;
                """);
            migrationBuilder.Sql($"""
                ALTER TABLE "Messages" ADD "{Column}" tsvector GENERATED ALWAYS AS (
                    CASE WHEN "Kind" = {(int)MessageKind.Text} AND "DeletedAt" IS NULL
                    THEN to_tsvector('{Configuration}'::regconfig, {Fold}("Body")) END) STORED;
                """);
            migrationBuilder.Sql($"""
                CREATE INDEX "IX_Messages_{Column}" ON "Messages" USING GIN ("{Column}");
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql($"""
                DROP INDEX "IX_Messages_{Column}";
                ALTER TABLE "Messages" DROP COLUMN "{Column}";
                DROP FUNCTION {Fold}(text);
                DROP TEXT SEARCH CONFIGURATION {Configuration};
                """);
        }
    }
}
