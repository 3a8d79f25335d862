namespace ChatBot.MigrationWorker.Migrations;

/// <summary>The lengths of the pictures' copies stored before files had them, from their chunks: the same SQL on both databases.</summary>
internal static class FileCopyLengths
{
    public const string Fill = """
        UPDATE "Files" SET
            "ThumbnailLength" = (SELECT SUM(length("Data")) FROM "FileChunks" WHERE "Key" = "Files"."ThumbnailSha256"),
            "PreviewLength" = (SELECT SUM(length("Data")) FROM "FileChunks" WHERE "Key" = "Files"."PreviewSha256")
        WHERE "PreviewSha256" IS NOT NULL;
        """;
}
