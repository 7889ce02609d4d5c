using System.Runtime.InteropServices;
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
    // The statement's native pointer: binding through it skips the SafeHandle reference counting
    // and the GC transition of every call (nine calls per index row, 19 million per import).
    private readonly IntPtr _handle;
    private int _next = 1;

    /// <param name="sql">An <c>INSERT</c> with <c>?</c> placeholders, bound in order by the calls below.</param>
    public SqliteRawInsert(SqliteConnection connection, string sql)
    {
        _db = connection.Handle ?? throw new InvalidOperationException("The connection is not open.");
        Check(raw.sqlite3_prepare_v2(_db, sql, out _stmt));
        _handle = _stmt.DangerousGetHandle();
    }

    public SqliteRawInsert Int(long value)
    {
        Check(Native.BindInt64(_handle, _next++, value));
        return this;
    }

    public SqliteRawInsert Int(long? value) => value is { } v ? Int(v) : Null();

    public SqliteRawInsert Real(double? value)
    {
        Check(value is { } v ? Native.BindDouble(_handle, _next++, v) : Native.BindNull(_handle, _next++));
        return this;
    }

    public SqliteRawInsert Text(string? value) => value is null ? Null() : Text(value.AsSpan());

    /// <summary>
    /// UTF-16 as is: SQLite converts to the database's UTF-8 itself (and copies: the text may go
    /// away after the call). An empty span is bound as an empty text, never as NULL.
    /// </summary>
    private SqliteRawInsert Text(ReadOnlySpan<char> value)
    {
        ReadOnlySpan<char> text = value.IsEmpty ? [(char)0] : value;
        Check(Native.BindText16(_handle, _next++, in MemoryMarshal.Cast<char, ushort>(text)[0], value.Length * 2, Native.Transient));
        return this;
    }

    /// <summary>A date as SQLite stores EF's <see cref="DateOnly"/> (yyyy-MM-dd), formatted without a string.</summary>
    public SqliteRawInsert Date(DateOnly? value)
    {
        if (value is not { } d) return Null();
        Span<char> text = stackalloc char[10];
        d.TryFormat(text, out var written, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        return Text((ReadOnlySpan<char>)text[..written]);
    }

    public SqliteRawInsert Null()
    {
        Check(Native.BindNull(_handle, _next++));
        return this;
    }

    /// <summary>Inserts the row bound so far; a constraint failure throws (and the import's transaction is rolled back).</summary>
    public void Step()
    {
        _next = 1;
        var rc = Native.Step(_handle);
        if (rc != raw.SQLITE_DONE)
        {
            var message = raw.sqlite3_errmsg(_db).utf8_to_string();
            Native.Reset(_handle);
            throw new SqliteException(message, rc);
        }
        Native.Reset(_handle);
    }

    private void Check(int rc)
    {
        if (rc != raw.SQLITE_OK) throw new SqliteException(raw.sqlite3_errmsg(_db).utf8_to_string(), rc);
    }

    public void Dispose() => _stmt.Dispose();

    /// <summary>
    /// The few functions of the SQLite library that Microsoft.Data.Sqlite loads (e_sqlite3), called
    /// directly. The binds and the reset are short calls that never call back into .NET: no GC
    /// transition needed. The step writes pages (and may wait on I/O), so it keeps the transition.
    /// </summary>
    private static class Native
    {
        private const string Library = "e_sqlite3";

        /// <summary>SQLITE_TRANSIENT: SQLite copies the value before the call returns.</summary>
        public static readonly IntPtr Transient = new(-1);

        [DllImport(Library, EntryPoint = "sqlite3_bind_int64"), SuppressGCTransition]
        public static extern int BindInt64(IntPtr stmt, int index, long value);

        [DllImport(Library, EntryPoint = "sqlite3_bind_double"), SuppressGCTransition]
        public static extern int BindDouble(IntPtr stmt, int index, double value);

        [DllImport(Library, EntryPoint = "sqlite3_bind_null"), SuppressGCTransition]
        public static extern int BindNull(IntPtr stmt, int index);

        [DllImport(Library, EntryPoint = "sqlite3_bind_text16"), SuppressGCTransition]
        public static extern int BindText16(IntPtr stmt, int index, in ushort text, int bytes, IntPtr destructor);

        [DllImport(Library, EntryPoint = "sqlite3_step")]
        public static extern int Step(IntPtr stmt);

        [DllImport(Library, EntryPoint = "sqlite3_reset"), SuppressGCTransition]
        public static extern int Reset(IntPtr stmt);
    }
}
