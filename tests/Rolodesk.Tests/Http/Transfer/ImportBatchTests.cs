using System.Net.Http.Json;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Rolodesk.Data;
using Rolodesk.Data.ContactFields;
using Rolodesk.Server.Features.Contacts;
using Rolodesk.Server.Features.Contacts.Transfer;
using Rolodesk.Server.Infrastructure;
using Rolodesk.Tests.Infrastructure;

namespace Rolodesk.Tests.Http;

/// <summary>
/// Imports larger than one batch (<see cref="ImportBatches.Size"/>): the writer writes batches while
/// later rows are still checked, yet mode "all" keeps nothing after a late bad row, and mode "valid"
/// writes every valid row with its index rows.
/// </summary>
[Collection(TransferCollection.Name)]
public sealed class ImportBatchTests(TransferApp app)
{
    private const int Rows = ImportBatches.Size * 2 + 1000;
    private static readonly object Priority = new { options = new[] { new { id = "hi", label = "High" }, new { id = "lo", label = "Low" } } };

    private async Task<(TransferScene Scene, string Key)> SceneAsync()
    {
        var s = await TransferScene.CreateAsync(app);
        var field = await s.FieldAsync("dropdown", Priority, (await s.Api.GroupIdAsync("Administrators"), "edit"));
        return (s, field.Key);
    }

    private static string Csv(TransferScene s, string key, string prefix, Func<int, bool> bad)
    {
        var csv = new StringBuilder($"name,email,groups,{key}\n");
        for (var i = 0; i < Rows; i++) csv.Append($"{prefix} {i},{Unique.Email()},{s.Audience.Name},{(bad(i) ? "Nope" : "High")}\n");
        return csv.ToString();
    }

    private async Task<(int Users, int IndexRows)> CountAsync(TransferScene s, string prefix, string key)
    {
        var page = await s.Admin.GetFromJsonAsync<Page<UserResponse>>($"/api/v1/users?search={Uri.EscapeDataString(prefix)}&pageSize=1");
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RolodeskDbContext>();
        var fieldId = await db.CustomFields.Where(f => f.Key == key).Select(f => f.Id).SingleAsync();
        return (page!.Total, await db.Set<CustomFieldIndex>().CountAsync(r => r.FieldId == fieldId && r.EntityKind == FieldTarget.Users));
    }

    [Fact]
    public async Task Mode_all_keeps_nothing_when_the_bad_row_comes_after_batches_already_written()
    {
        var (s, key) = await SceneAsync();
        var prefix = Unique.Name("Late");

        var job = await TransferScene.ImportAsync(s.Admin, "users", Csv(s, key, prefix, i => i == Rows - 1));

        Assert.Equal(("failed", Rows, 0), (job.Status, job.RowsChecked, job.RowsWritten));
        Assert.Equal((Rows + 1, key), (Assert.Single(job.Errors).Row, job.Errors[0].Column));
        Assert.Equal((0, 0), await CountAsync(s, prefix, key));
    }

    [Fact]
    public async Task Mode_valid_writes_every_valid_row_of_every_batch_with_its_index_rows()
    {
        var (s, key) = await SceneAsync();
        var prefix = Unique.Name("Many");

        var job = await TransferScene.ImportAsync(s.Admin, "users", Csv(s, key, prefix, i => i % 1000 == 999), "valid");

        var valid = Rows - Rows / 1000;
        Assert.Equal(("completed", Rows, valid), (job.Status, job.RowsChecked, job.RowsWritten));
        Assert.Equal(Rows / 1000, job.ErrorCount);
        Assert.Equal((valid, valid), await CountAsync(s, prefix, key));
    }

    [Fact]
    public async Task Known_users_in_later_chunks_are_updated_and_an_email_seen_in_an_earlier_chunk_is_refused()
    {
        var (s, key) = await SceneAsync();
        var prefix = Unique.Name("Known");
        var (first, last) = (Unique.Email(), Unique.Email());
        var ids = new List<int>();
        foreach (var email in new[] { first, last })
        {
            var created = await s.Admin.PostAsJsonAsync("/api/v1/users", new { name = Unique.Name("Old"), email, groupIds = new[] { s.Audience.Id } });
            ids.Add((await created.Content.ReadFromJsonAsync<UserResponse>())!.Id);
        }
        // Rows are checked a chunk (ImportBatches.Size) at a time: the known users sit in the second and third.
        var (second, repeated) = (ImportBatches.Size + 500, Rows - 2);
        var emails = Enumerable.Range(0, Rows).Select(_ => Unique.Email()).ToArray();
        (emails[second], emails[Rows - 1], emails[repeated]) = (first.ToUpperInvariant(), last, emails[3]);
        var csv = new StringBuilder($"name,email,groups,{key}\n");
        for (var i = 0; i < Rows; i++) csv.Append($"{prefix} {i},{emails[i]},{s.Audience.Name},High\n");

        var job = await TransferScene.ImportAsync(s.Admin, "users", csv.ToString(), "valid");

        Assert.Equal(("completed", Rows, Rows, Rows - 1), (job.Status, job.RowsTotal, job.RowsChecked, job.RowsWritten));
        var error = Assert.Single(job.Errors);
        Assert.Equal((repeated + 2, "email", "The same email is on row 5."), (error.Row, error.Column, error.Message));
        foreach (var (id, row) in ids.Zip(new[] { second, Rows - 1 }))
        {
            var user = (await s.Admin.GetFromJsonAsync<UserResponse>($"/api/v1/users/{id}"))!;
            Assert.Equal($"{prefix} {row}", user.Name);
        }
        // Every written row is a card of the prefix (two of them the known users, renamed) with its index row.
        Assert.Equal((Rows - 1, Rows - 1), await CountAsync(s, prefix, key));
    }
}
