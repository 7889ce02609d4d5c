using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql;
using Rolodesk.Data;
using Rolodesk.Data.ContactFields;
using Rolodesk.Data.Contacts;
using Rolodesk.Server.Data;
using Rolodesk.Tests.Infrastructure;

namespace Rolodesk.Tests.Http;

/// <summary>
/// ADR 0008 rewrote the custom field index of existing installs: every stored row must survive the
/// migration, and the rows of a nested value (one per id-path prefix) keep their order as Seq 0, 1, 2.
/// ADR 0010 gave text rows their card's sort name, back-filled by its migration.
/// </summary>
public sealed class IndexMigrationTests : IAsyncLifetime
{
    private readonly string _database = "rolodesk_migration_" + Guid.NewGuid().ToString("N")[..8];
    private readonly string _sqliteDir = Path.Combine(Path.GetTempPath(), "rolodesk-tests", Guid.NewGuid().ToString("N")[..8]);

    private RolodeskDbContext NewContext()
    {
        var options = new DbContextOptionsBuilder<RolodeskDbContext>();
        if (RolodeskApp.IsPostgres)
            DatabaseSetup.Configure(options, DatabaseProvider.Postgres, new NpgsqlConnectionStringBuilder(RolodeskApp.PostgresServer) { Database = _database }.ConnectionString);
        else
            DatabaseSetup.Configure(options, DatabaseProvider.Sqlite, $"Data Source={Path.Combine(_sqliteDir, "rolodesk.db")};Pooling=False");
        return new RolodeskDbContext(options.Options);
    }

    public async ValueTask InitializeAsync()
    {
        if (RolodeskApp.IsPostgres) await RolodeskApp.ExecuteOnServerAsync($"CREATE DATABASE \"{_database}\"");
        else Directory.CreateDirectory(_sqliteDir);
    }

    [Fact]
    public async Task Index_rows_written_before_the_key_change_are_all_kept_and_nested_paths_keep_their_order()
    {
        await using (var db = NewContext())
        {
            var migrations = db.Database.GetMigrations().ToList();
            var keyChange = migrations.FindIndex(m => m.EndsWith("_CustomFieldIndexKey", StringComparison.Ordinal));
            Assert.True(keyChange > 0, "the CustomFieldIndexKey migration exists");
            await db.GetService<IMigrator>().MigrateAsync(migrations[keyChange - 1], TestContext.Current.CancellationToken);

            var now = DateTimeOffset.UtcNow;
            var group = new FieldGroup { Name = "Before", Target = FieldTarget.Users, CreatedAt = now, UpdatedAt = now };
            var region = new CustomField { Key = "region", Name = "Region", Type = "nested", Target = FieldTarget.Users, FieldGroup = group, Settings = "{}", CreatedAt = now, UpdatedAt = now };
            var score = new CustomField { Key = "score", Name = "Score", Type = "number", Target = FieldTarget.Users, FieldGroup = group, Settings = "{}", Position = 1, CreatedAt = now, UpdatedAt = now };
            db.AddRange(region, score);
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
            // The old table: a surrogate id, no Seq. Card 7 holds the nested path eu/fr/paris (a row per
            // prefix, in that order) and a score; card 8 only a score.
            await db.Database.ExecuteSqlAsync($"""
                INSERT INTO "CustomFieldIndex" ("EntityKind", "EntityId", "FieldId", "Text", "Number")
                VALUES (0, 7, {region.Id}, 'eu', NULL), (0, 7, {region.Id}, 'eu/fr', NULL), (0, 7, {score.Id}, NULL, 42),
                       (0, 7, {region.Id}, 'eu/fr/paris', NULL), (0, 8, {score.Id}, NULL, 5)
                """, TestContext.Current.CancellationToken);

            await db.Database.MigrateAsync(TestContext.Current.CancellationToken);
        }

        await using (var db = NewContext())
        {
            var rows = await db.Set<CustomFieldIndex>().AsNoTracking()
                .OrderBy(r => r.EntityId).ThenBy(r => r.FieldId).ThenBy(r => r.Seq).ToListAsync(TestContext.Current.CancellationToken);
            var region = await db.CustomFields.SingleAsync(f => f.Key == "region", TestContext.Current.CancellationToken);
            Assert.Equal(
                [(7, region.Id, (short)0, "eu"), (7, region.Id, (short)1, "eu/fr"), (7, region.Id, (short)2, "eu/fr/paris")],
                rows.Where(r => r.FieldId == region.Id).Select(r => (r.EntityId, r.FieldId, r.Seq, r.Text!)));
            Assert.Equal([(7, (short)0, 42m), (8, (short)0, 5m)],
                rows.Where(r => r.FieldId != region.Id).Select(r => (r.EntityId, r.Seq, r.Number!.Value)));
        }
    }

    [Fact]
    public async Task Text_rows_written_before_the_sort_key_get_their_cards_sort_name_and_the_value_index_orders_by_it()
    {
        var ct = TestContext.Current.CancellationToken;
        int user, company, plan, score;
        await using (var db = NewContext())
        {
            var migrations = db.Database.GetMigrations().ToList();
            var sortKey = migrations.FindIndex(m => m.EndsWith("_NameOrderedValueIndex", StringComparison.Ordinal));
            Assert.True(sortKey > 0, "the NameOrderedValueIndex migration exists");
            await db.GetService<IMigrator>().MigrateAsync(migrations[sortKey - 1], ct);

            var now = DateTimeOffset.UtcNow;
            var u = new User { Name = "Zoë Before", NormalizedName = "ZOË BEFORE", UserName = "zoe", SecurityStamp = "s", CreatedAt = now, UpdatedAt = now };
            var c = new Company { Name = "Acme Before", NormalizedName = "ACME BEFORE", CreatedAt = now, UpdatedAt = now };
            var group = new FieldGroup { Name = "Before", Target = FieldTarget.Users, CreatedAt = now, UpdatedAt = now };
            var p = new CustomField { Key = "plan", Name = "Plan", Type = "dropdown", Target = FieldTarget.Users, FieldGroup = group, Settings = "{}", CreatedAt = now, UpdatedAt = now };
            var n = new CustomField { Key = "score", Name = "Score", Type = "number", Target = FieldTarget.Users, FieldGroup = group, Settings = "{}", Position = 1, CreatedAt = now, UpdatedAt = now };
            db.AddRange(u, c, p, n);
            await db.SaveChangesAsync(ct);
            (user, company, plan, score) = (u.Id, c.Id, p.Id, n.Id);
            // Rows as the writers stored them before: no sort key column yet. The company's row uses a companies field id; the
            // index has no foreign key, so the plan field's id stands in for it.
            await db.Database.ExecuteSqlAsync($"""
                INSERT INTO "CustomFieldIndex" ("EntityKind", "EntityId", "FieldId", "Seq", "Text", "Number")
                VALUES (0, {user}, {plan}, 0, 'gold', NULL), (0, {user}, {score}, 0, NULL, 7), (1, {company}, {plan}, 0, 'gold', NULL)
                """, ct);

            await db.Database.MigrateAsync(ct);
        }

        await using (var db = NewContext())
        {
            var rows = await db.Set<CustomFieldIndex>().AsNoTracking().OrderBy(r => r.EntityKind).ThenBy(r => r.FieldId).ToListAsync(ct);
            Assert.Equal(
                [(FieldTarget.Users, plan, "ZOË BEFORE"), (FieldTarget.Users, score, null), (FieldTarget.Companies, plan, "ACME BEFORE")],
                rows.Select(r => (r.EntityKind, r.FieldId, r.SortKey)));
            await db.Database.OpenConnectionAsync(ct);
            await using var cmd = db.Database.GetDbConnection().CreateCommand();
            if (RolodeskApp.IsPostgres)
            {
                cmd.CommandText = """SELECT indexdef FROM pg_indexes WHERE indexname = 'IX_CustomFieldIndex_Value'""";
                Assert.EndsWith("""("FieldId", "Text", "Number", "Date", "SortKey", "EntityId")""", (string)(await cmd.ExecuteScalarAsync(ct))!);
            }
            else
            {
                cmd.CommandText = """SELECT group_concat(name, ',') FROM (SELECT name FROM pragma_index_info('IX_CustomFieldIndex_Value') ORDER BY seqno)""";
                Assert.Equal("FieldId,Text,Number,Date,SortKey,EntityId", await cmd.ExecuteScalarAsync(ct));
                // ALTER TABLE kept the table WITHOUT ROWID (an EF table rebuild would not): ADR 0008.
                cmd.CommandText = """SELECT sql FROM sqlite_master WHERE name = 'CustomFieldIndex'""";
                Assert.Contains("WITHOUT ROWID", (string)(await cmd.ExecuteScalarAsync(ct))!);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (RolodeskApp.IsPostgres)
        {
            NpgsqlConnection.ClearAllPools();
            await RolodeskApp.ExecuteOnServerAsync($"DROP DATABASE IF EXISTS \"{_database}\" WITH (FORCE)");
        }
        else
        {
            try { Directory.Delete(_sqliteDir, recursive: true); }
            catch (IOException) { /* a leftover temp file is harmless */ }
        }
    }
}
