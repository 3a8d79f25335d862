using System.Data.Common;

namespace ChatBot.Data;

/// <summary>Where messages are stored: SQLite, embedded (the default), or PostgreSQL, shared by many machines.</summary>
public enum DatabaseProvider
{
    Sqlite,
    PostgreSql,
}

public static class DatabaseProviders
{
    /// <summary>The provider a connection string is written for: <c>Host=…</c> is PostgreSQL, <c>Data Source=…</c> SQLite.</summary>
    /// <exception cref="ArgumentException">It names neither.</exception>
    public static DatabaseProvider Of(string connectionString)
    {
        var keys = new DbConnectionStringBuilder { ConnectionString = connectionString };
        return keys.ContainsKey("Host") ? DatabaseProvider.PostgreSql
            : keys.ContainsKey("Data Source") ? DatabaseProvider.Sqlite
            : throw new ArgumentException(
                "The connection string names no database: write \"Data Source=<file>\" for SQLite or \"Host=<host>;Database=<name>;…\" for PostgreSQL.",
                nameof(connectionString));
    }
}
