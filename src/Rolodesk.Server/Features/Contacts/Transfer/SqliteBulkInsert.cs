using System.Data.Common;

namespace Rolodesk.Server.Features.Contacts.Transfer;

/// <summary>
/// Multi-row <c>INSERT … VALUES (…),(…)</c> for SQLite: rows are buffered and sent
/// <paramref name="rowsPerStatement"/> at a time through one prepared command rebound each time,
/// so the per-statement cost (bind, step, reset) is paid once per batch instead of once per row.
/// Statements stay small (about 100 parameters): Microsoft.Data.Sqlite binds each parameter by
/// name, and SQLite finds a name by a linear scan of the statement's parameters, so binding costs
/// grow with the square of the statement's width (999 parameters per statement spent a quarter
/// of the import's CPU in <c>sqlite3_bind_parameter_index</c>).
/// </summary>
internal sealed class SqliteBulkInsert(DbConnection connection, DbTransaction tx, string into, int width, Func<int, string> row, int rowsPerStatement)
    : IDisposable
{
    public const int MaxParameters = 100;

    private readonly object?[] _values = new object?[width * rowsPerStatement];
    private DbCommand? _full;
    private int _rows;

    /// <summary>A row of the statement with <paramref name="width"/> parameters per row.</summary>
    public static SqliteBulkInsert For(DbConnection connection, DbTransaction tx, string into, int width, Func<int, string> row) =>
        new(connection, tx, into, width, row, MaxParameters / width);

    /// <summary>The next row's values, written in place by the caller; <see cref="Next"/> then commits the row.</summary>
    public Span<object?> Row => _values.AsSpan(_rows * width, width);

    public void Next(CancellationToken ct)
    {
        if (++_rows == rowsPerStatement) Flush(ct);
    }

    public void Flush(CancellationToken ct)
    {
        if (_rows == 0) return;
        ct.ThrowIfCancellationRequested();
        var full = _rows == rowsPerStatement;
        var cmd = full ? _full ??= Command(_rows) : Command(_rows);
        for (var i = 0; i < _rows * width; i++) cmd.Parameters[i].Value = _values[i] ?? DBNull.Value;
        cmd.ExecuteNonQuery();
        if (!full) cmd.Dispose();
        _rows = 0;
    }

    private DbCommand Command(int rows)
    {
        var cmd = connection.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = into + " VALUES " + string.Join(", ", Enumerable.Range(0, rows).Select(r => row(r * width)));
        for (var i = 0; i < rows * width; i++)
        {
            var p = cmd.CreateParameter();
            p.ParameterName = $"$p{i}";
            cmd.Parameters.Add(p);
        }
        cmd.Prepare();
        return cmd;
    }

    public void Dispose() => _full?.Dispose();
}
