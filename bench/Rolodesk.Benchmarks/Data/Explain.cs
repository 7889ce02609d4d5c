using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Rolodesk.Data;
using Rolodesk.Server.Data;
using Rolodesk.Server.Features.Contacts;

namespace Rolodesk.Benchmarks.Data;

/// <summary>
/// The <c>explain</c> command: prints the SQL the user list runs and the database's plan for it,
/// the first thing to look at when a figure in docs/PERFORMANCE.md moves.
/// </summary>
internal static class Explain
{
    public static async Task<int> RunAsync(Options o)
    {
        var provider = BenchDatabase.ParseProvider(o.Get("provider", "sqlite"));
        var connection = o.Get("connection") ?? BenchDatabase.DefaultConnection(provider);
        var page = o.GetInt("page", 1);
        await using var db = new RolodeskDbContext(BenchDatabase.Options(provider, connection));
        var version = provider == DatabaseProvider.Postgres ? "SHOW server_version" : "SELECT sqlite_version()";
        Console.WriteLine($"-- {provider} {(await db.Database.SqlQueryRaw<string>(version).ToListAsync()).Single()}\n");
        var q = db.Users.AsNoTracking().Search(o.Get("search"));
        await PrintAsync(db, provider, "count", q.Select(u => u.Id).Take(1).ToQueryString().Replace("LIMIT", "-- LIMIT"));
        var list = q.Sort(o.Get("sort", "name")).Skip((page - 1) * 50).Take(50).ToResponse();
        // --split shows the candidate alternative: EF's split query (groups in a second statement).
        if (o.Get("split") is not null) list = list.AsSplitQuery();
        await PrintAsync(db, provider, "page", list.ToQueryString());
        if (o.Get("run") is not null) await RunLoggedAsync(provider, connection, o.Get("search"), o.Get("sort", "name"), page, o.Get("split") is not null);
        return 0;
    }

    /// <summary>--run: executes count + page once with EF's command log, showing every statement (split queries run two) and its duration.</summary>
    private static async Task RunLoggedAsync(DatabaseProvider provider, string connection, string? search, string sort, int page, bool split)
    {
        var builder = new DbContextOptionsBuilder<RolodeskDbContext>();
        DatabaseSetup.Configure(builder, provider, connection);
        builder.LogTo(Console.WriteLine, [RelationalEventId.CommandExecuted]);
        await using var db = new RolodeskDbContext(builder.Options);
        var q = db.Users.AsNoTracking().Search(search);
        await q.CountAsync();
        var list = q.Sort(sort).Skip((page - 1) * 50).Take(50).ToResponse();
        await (split ? list.AsSplitQuery() : list).ToListAsync();
    }

    internal static async Task PrintAsync(RolodeskDbContext db, DatabaseProvider provider, string title, string sql)
    {
        Console.WriteLine($"-- {title}\n{sql}\n");
        var explain = provider == DatabaseProvider.Postgres ? "EXPLAIN (ANALYZE, BUFFERS) " : "EXPLAIN QUERY PLAN ";
        // Parameters are declared as text at the top of ToQueryString's output; inline them for EXPLAIN.
        var body = Inline(sql.Split("\n\nThis LINQ query", 2)[0]);
        await db.Database.OpenConnectionAsync();
        await using var cmd = db.Database.GetDbConnection().CreateCommand();
        cmd.CommandText = explain + body;
        await using var reader = await cmd.ExecuteReaderAsync();
        while (await reader.ReadAsync())
            Console.WriteLine(string.Join(" | ", Enumerable.Range(0, reader.FieldCount).Select(reader.GetValue)));
        Console.WriteLine();
    }

    /// <summary>A command's text with its parameters' values written in (for EXPLAIN, which takes no parameters here).</summary>
    internal static string Inline(System.Data.Common.DbCommand cmd)
    {
        var body = cmd.CommandText;
        foreach (var p in cmd.Parameters.Cast<System.Data.Common.DbParameter>().OrderByDescending(p => p.ParameterName.Length))
        {
            var name = p.ParameterName.StartsWith('@') || p.ParameterName.StartsWith('$') ? p.ParameterName : "@" + p.ParameterName;
            var value = p.Value switch
            {
                string t => "'" + t.Replace("'", "''") + "'",
                int[] a => "ARRAY[" + string.Join(", ", a) + "]",
                IFormattable f and not DateOnly => f.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
                DateOnly d => d.ToString("'yyyy-MM-dd'", System.Globalization.CultureInfo.InvariantCulture),
                _ => "NULL",
            };
            body = body.Replace(name, value);
        }
        return body;
    }

    private static string Unquoted(string item) => int.TryParse(item.Trim('\''), out var n) ? n.ToString(System.Globalization.CultureInfo.InvariantCulture) : item;

    private static string Inline(string sql)
    {
        var lines = sql.Split('\n');
        var values = new Dictionary<string, string>();
        foreach (var line in lines.Where(l => l.StartsWith(".param set ", StringComparison.Ordinal) || l.StartsWith("-- @", StringComparison.Ordinal)))
        {
            var parts = line.StartsWith(".param", StringComparison.Ordinal) ? line[11..].Split(' ', 2) : line[3..].Split('=', 2);
            var value = parts[1].Split(" (", 2)[0].Trim();
            // Npgsql arrays print as { '3', '4' }: PostgreSQL reads ARRAY['3', '4']. EF prints the first five items and "..."
            // of a longer array: the plan then sees those five (same shape, fewer rows).
            values[parts[0].Trim()] = value.StartsWith('{') ? $"ARRAY[{string.Join(", ", value.Trim('{', '}', ' ').Split(", ").Where(i => i != "...").Select(Unquoted))}]" : value;
        }
        var body = string.Join('\n', lines.Where(l => !l.StartsWith(".param", StringComparison.Ordinal) && !l.StartsWith("-- @", StringComparison.Ordinal)));
        foreach (var (name, value) in values.OrderByDescending(v => v.Key.Length)) body = body.Replace(name, value);
        return body;
    }
}
