using Npgsql;
using NpgsqlTypes;

namespace Rolodesk.Server.Features.Contacts.Transfer;

/// <summary>The statements and COPY layouts of <see cref="PostgresImportWriter"/>.</summary>
internal static class PostgresImportSql
{
    /// <summary>A large import outlasts the default 30-second command timeout; the job is the unit of patience here.</summary>
    public const int TimeoutSeconds = 600;

    public static NpgsqlBatchCommand Update(bool users, ImportRow row, long nowMs)
    {
        var cmd = new NpgsqlBatchCommand(users
            ? """
              UPDATE "Users" SET "Name" = $2, "NormalizedName" = $3, "Phone" = $4, "NormalizedPhone" = $5, "CompanyId" = $6,
                  "CustomFields" = $7, "UpdatedAt" = $8, "ConcurrencyStamp" = $9 WHERE "Id" = $1
              """
            : """UPDATE "Companies" SET "Name" = $2, "NormalizedName" = $3, "CustomFields" = $4, "UpdatedAt" = $5 WHERE "Id" = $1""");
        object?[] values = users
            ? [row.ExistingId, row.Name, row.Name.ToUpperInvariant(), row.Phone, row.NormalizedPhone, row.CompanyId, row.Document, nowMs, Guid.NewGuid().ToString()]
            : [row.ExistingId, row.Name, row.Name.ToUpperInvariant(), row.Document, nowMs];
        NpgsqlDbType[] types = users
            ? [NpgsqlDbType.Integer, NpgsqlDbType.Varchar, NpgsqlDbType.Varchar, NpgsqlDbType.Varchar, NpgsqlDbType.Varchar, NpgsqlDbType.Integer, NpgsqlDbType.Text, NpgsqlDbType.Bigint, NpgsqlDbType.Text]
            : [NpgsqlDbType.Integer, NpgsqlDbType.Varchar, NpgsqlDbType.Varchar, NpgsqlDbType.Text, NpgsqlDbType.Bigint];
        for (var i = 0; i < values.Length; i++) cmd.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = types[i], Value = values[i] ?? DBNull.Value });
        return cmd;
    }

    public static async Task CopyUsersAsync(NpgsqlConnection connection, List<ImportRow> rows, long nowMs, CancellationToken ct)
    {
        if (rows.Count == 0) return;
        await using var w = await connection.BeginBinaryImportAsync("""
            COPY "Users" ("Id", "Name", "NormalizedName", "Email", "NormalizedEmail", "UserName", "NormalizedUserName",
                "Phone", "NormalizedPhone", "CompanyId", "CustomFields", "ConcurrencyStamp", "SecurityStamp", "CreatedAt", "UpdatedAt",
                "EmailConfirmed", "PhoneNumberConfirmed", "TwoFactorEnabled", "LockoutEnabled", "AccessFailedCount") FROM STDIN (FORMAT BINARY)
            """, ct);
        w.Timeout = TimeSpan.FromSeconds(TimeoutSeconds);
        foreach (var row in rows)
        {
            await w.StartRowAsync(ct);
            await w.WriteAsync(row.ExistingId!.Value, NpgsqlDbType.Integer, ct);
            await w.WriteAsync(row.Name, NpgsqlDbType.Varchar, ct);
            await w.WriteAsync(row.Name.ToUpperInvariant(), NpgsqlDbType.Varchar, ct);
            for (var i = 0; i < 2; i++)
            {
                // Email and user name are the same, as UserWriter sets them.
                await WriteNullableAsync(w, row.Email, NpgsqlDbType.Varchar, ct);
                await WriteNullableAsync(w, row.NormalizedEmail, NpgsqlDbType.Varchar, ct);
            }
            await WriteNullableAsync(w, row.Phone, NpgsqlDbType.Varchar, ct);
            await WriteNullableAsync(w, row.NormalizedPhone, NpgsqlDbType.Varchar, ct);
            await WriteNullableAsync(w, row.CompanyId, NpgsqlDbType.Integer, ct);
            await WriteNullableAsync(w, row.Document, NpgsqlDbType.Text, ct);
            await w.WriteAsync(Guid.NewGuid().ToString(), NpgsqlDbType.Text, ct);
            await w.WriteAsync(Guid.NewGuid().ToString("N"), NpgsqlDbType.Text, ct);
            await w.WriteAsync(nowMs, NpgsqlDbType.Bigint, ct);
            await w.WriteAsync(nowMs, NpgsqlDbType.Bigint, ct);
            await w.WriteAsync(false, NpgsqlDbType.Boolean, ct);
            await w.WriteAsync(false, NpgsqlDbType.Boolean, ct);
            await w.WriteAsync(false, NpgsqlDbType.Boolean, ct);
            await w.WriteAsync(true, NpgsqlDbType.Boolean, ct);
            await w.WriteAsync(0, NpgsqlDbType.Integer, ct);
        }
        await w.CompleteAsync(ct);
    }

    public static async Task CopyCompaniesAsync(NpgsqlConnection connection, List<ImportRow> rows, long nowMs, CancellationToken ct)
    {
        if (rows.Count == 0) return;
        await using var w = await connection.BeginBinaryImportAsync(
            """COPY "Companies" ("Id", "Name", "NormalizedName", "CustomFields", "CreatedAt", "UpdatedAt") FROM STDIN (FORMAT BINARY)""", ct);
        w.Timeout = TimeSpan.FromSeconds(TimeoutSeconds);
        foreach (var row in rows)
        {
            await w.StartRowAsync(ct);
            await w.WriteAsync(row.ExistingId!.Value, NpgsqlDbType.Integer, ct);
            await w.WriteAsync(row.Name, NpgsqlDbType.Varchar, ct);
            await w.WriteAsync(row.Name.ToUpperInvariant(), NpgsqlDbType.Varchar, ct);
            await WriteNullableAsync(w, row.Document, NpgsqlDbType.Text, ct);
            await w.WriteAsync(nowMs, NpgsqlDbType.Bigint, ct);
            await w.WriteAsync(nowMs, NpgsqlDbType.Bigint, ct);
        }
        await w.CompleteAsync(ct);
    }

    public static async Task WriteNullableAsync(NpgsqlBinaryImporter w, string? value, NpgsqlDbType type, CancellationToken ct)
    {
        if (value is null) await w.WriteNullAsync(ct);
        else await w.WriteAsync(value, type, ct);
    }

    public static async Task WriteNullableAsync<T>(NpgsqlBinaryImporter w, T? value, NpgsqlDbType type, CancellationToken ct) where T : struct
    {
        if (value is { } v) await w.WriteAsync(v, type, ct);
        else await w.WriteNullAsync(ct);
    }
}
