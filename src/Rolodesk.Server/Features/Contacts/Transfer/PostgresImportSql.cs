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
            ? [row.ExistingId, row.Name, row.NormalizedName, row.Phone, row.NormalizedPhone, row.CompanyId, row.Document, nowMs, Guid.NewGuid().ToString()]
            : [row.ExistingId, row.Name, row.NormalizedName, row.Document, nowMs];
        NpgsqlDbType[] types = users
            ? [NpgsqlDbType.Integer, NpgsqlDbType.Varchar, NpgsqlDbType.Varchar, NpgsqlDbType.Varchar, NpgsqlDbType.Varchar, NpgsqlDbType.Integer, NpgsqlDbType.Text, NpgsqlDbType.Bigint, NpgsqlDbType.Text]
            : [NpgsqlDbType.Integer, NpgsqlDbType.Varchar, NpgsqlDbType.Varchar, NpgsqlDbType.Text, NpgsqlDbType.Bigint];
        for (var i = 0; i < values.Length; i++) cmd.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = types[i], Value = values[i] ?? DBNull.Value });
        return cmd;
    }

    // Synchronous writes: an awaited call per value cost several times the client CPU (this runs on a background job).
    public static void CopyUsers(NpgsqlConnection connection, List<ImportRow> rows, long nowMs)
    {
        if (rows.Count == 0) return;
        using var w = connection.BeginBinaryImport("""
            COPY "Users" ("Id", "Name", "NormalizedName", "Email", "NormalizedEmail", "UserName", "NormalizedUserName",
                "Phone", "NormalizedPhone", "CompanyId", "CustomFields", "ConcurrencyStamp", "SecurityStamp", "CreatedAt", "UpdatedAt",
                "EmailConfirmed", "PhoneNumberConfirmed", "TwoFactorEnabled", "LockoutEnabled", "AccessFailedCount") FROM STDIN (FORMAT BINARY)
            """);
        w.Timeout = TimeSpan.FromSeconds(TimeoutSeconds);
        foreach (var row in rows)
        {
            w.StartRow();
            w.Write(row.ExistingId!.Value, NpgsqlDbType.Integer);
            w.Write(row.Name, NpgsqlDbType.Varchar);
            w.Write(row.NormalizedName, NpgsqlDbType.Varchar);
            for (var i = 0; i < 2; i++)
            {
                // Email and user name are the same, as UserWriter sets them.
                WriteNullable(w, row.Email, NpgsqlDbType.Varchar);
                WriteNullable(w, row.NormalizedEmail, NpgsqlDbType.Varchar);
            }
            WriteNullable(w, row.Phone, NpgsqlDbType.Varchar);
            WriteNullable(w, row.NormalizedPhone, NpgsqlDbType.Varchar);
            WriteNullable(w, row.CompanyId, NpgsqlDbType.Integer);
            WriteNullable(w, row.Document, NpgsqlDbType.Text);
            w.Write(Guid.NewGuid().ToString(), NpgsqlDbType.Text);
            w.Write(Guid.NewGuid().ToString("N"), NpgsqlDbType.Text);
            w.Write(nowMs, NpgsqlDbType.Bigint);
            w.Write(nowMs, NpgsqlDbType.Bigint);
            w.Write(false, NpgsqlDbType.Boolean);
            w.Write(false, NpgsqlDbType.Boolean);
            w.Write(false, NpgsqlDbType.Boolean);
            w.Write(true, NpgsqlDbType.Boolean);
            w.Write(0, NpgsqlDbType.Integer);
        }
        w.Complete();
    }

    public static void CopyCompanies(NpgsqlConnection connection, List<ImportRow> rows, long nowMs)
    {
        if (rows.Count == 0) return;
        using var w = connection.BeginBinaryImport(
            """COPY "Companies" ("Id", "Name", "NormalizedName", "CustomFields", "CreatedAt", "UpdatedAt") FROM STDIN (FORMAT BINARY)""");
        w.Timeout = TimeSpan.FromSeconds(TimeoutSeconds);
        foreach (var row in rows)
        {
            w.StartRow();
            w.Write(row.ExistingId!.Value, NpgsqlDbType.Integer);
            w.Write(row.Name, NpgsqlDbType.Varchar);
            w.Write(row.NormalizedName, NpgsqlDbType.Varchar);
            WriteNullable(w, row.Document, NpgsqlDbType.Text);
            w.Write(nowMs, NpgsqlDbType.Bigint);
            w.Write(nowMs, NpgsqlDbType.Bigint);
        }
        w.Complete();
    }

    public static void WriteNullable(NpgsqlBinaryImporter w, string? value, NpgsqlDbType type)
    {
        if (value is null) w.WriteNull();
        else w.Write(value, type);
    }

    public static void WriteNullable<T>(NpgsqlBinaryImporter w, T? value, NpgsqlDbType type) where T : struct
    {
        if (value is { } v) w.Write(v, type);
        else w.WriteNull();
    }
}
