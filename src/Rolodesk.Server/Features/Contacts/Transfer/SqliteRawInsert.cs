using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Rolodesk.Server.Features.Contacts.Transfer;

/// <summary>
/// One prepared single-row <c>INSERT</c> on the import's connection, bound by position through
/// SQLite's own API (no parameter names, no boxing) and stepped once per row.
/// <para>
/// Why single-row statements: SQLite gives a statement that writes several rows and may fail on a
/// constraint (NOT NULL, UNIQUE, a foreign key) a statement journal, and copies into it every page
/// the statement changes, so the statement alone can be undone. Multi-row <c>VALUES</c> statements
/// spent a third of the import's CPU writing that journal (a temporary file: one <c>pwrite</c> per
/// page). A single-row insert needs no statement journal (a failing row fails before it writes), and
/// positional binding keeps its per-row cost at a few native calls.
/// </para>
/// </summary>
internal sealed class SqliteRawInsert : IDisposable
{
    private readonly sqlite3 _db;
    private readonly sqlite3_stmt _stmt;
    private int _next = 1;

    /// <param name="sql">An <c>INSERT</c> with <c>?</c> placeholders, bound in order by the calls below.</param>
    public SqliteRawInsert(SqliteConnection connection, string sql)
    {
        _db = connection.Handle ?? throw new InvalidOperationException("The connection is not open.");
        Check(raw.sqlite3_prepare_v2(_db, sql, out _stmt));
    }

    public SqliteRawInsert Int(long value)
    {
        Check(raw.sqlite3_bind_int64(_stmt, _next++, value));
        return this;
    }

    public SqliteRawInsert Int(long? value) => value is { } v ? Int(v) : Null();

    public SqliteRawInsert Real(double? value)
    {
        Check(value is { } v ? raw.sqlite3_bind_double(_stmt, _next++, v) : raw.sqlite3_bind_null(_stmt, _next++));
        return this;
    }

    public SqliteRawInsert Text(string? value)
    {
        // UTF-16 as is: SQLite converts to the database's UTF-8 itself, no string of bytes per value here.
        // An empty span would reach SQLite as a null pointer, i.e. NULL: "" goes through the string overload.
        Check(value switch
        {
            null => raw.sqlite3_bind_null(_stmt, _next++),
            "" => raw.sqlite3_bind_text(_stmt, _next++, string.Empty),
            _ => raw.sqlite3_bind_text16(_stmt, _next++, value.AsSpan()),
        });
        return this;
    }

    /// <summary>A date as SQLite stores EF's <see cref="DateOnly"/> (yyyy-MM-dd), formatted without a string.</summary>
    public SqliteRawInsert Date(DateOnly? value)
    {
        if (value is not { } d) return Null();
        Span<char> text = stackalloc char[10];
        d.TryFormat(text, out var written, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        Check(raw.sqlite3_bind_text16(_stmt, _next++, text[..written]));
        return this;
    }

    public SqliteRawInsert Null()
    {
        Check(raw.sqlite3_bind_null(_stmt, _next++));
        return this;
    }

    /// <summary>Inserts the row bound so far; a constraint failure throws (and the import's transaction is rolled back).</summary>
    public void Step()
    {
        _next = 1;
        var rc = raw.sqlite3_step(_stmt);
        if (rc != raw.SQLITE_DONE)
        {
            var message = raw.sqlite3_errmsg(_db).utf8_to_string();
            raw.sqlite3_reset(_stmt);
            throw new SqliteException(message, rc);
        }
        raw.sqlite3_reset(_stmt);
    }

    private void Check(int rc)
    {
        if (rc != raw.SQLITE_OK) throw new SqliteException(raw.sqlite3_errmsg(_db).utf8_to_string(), rc);
    }

    public void Dispose() => _stmt.Dispose();
}
