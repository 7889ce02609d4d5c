using System.Net;
using System.Net.Http.Json;
using System.Text;
using nietras.SeparatedValues;
using Rolodesk.Server.Features.Access;
using Rolodesk.Server.Features.ContactFields;
using Rolodesk.Server.Features.Contacts.Transfer;
using Rolodesk.Tests.Infrastructure;

// In Rolodesk.Tests.Http so that test.sh's PostgreSQL run, filtered on that namespace, includes these tests.
namespace Rolodesk.Tests.Http;

/// <summary>A database of its own: company fields apply to every company, and imports create many cards.</summary>
public sealed class TransferApp : RolodeskApp;

[CollectionDefinition(Name)]
public sealed class TransferCollection : ICollectionFixture<TransferApp>
{
    public const string Name = "CSV import and export";
}

/// <summary>An exported or imported file as rows of cells, the header first.</summary>
public sealed record Csv(List<string[]> Rows)
{
    public string[] Header => Rows[0];

    public static Csv Parse(string text)
    {
        using var reader = CsvFormat.Separator.Reader(o => o with { Unescape = true }).FromText(text);
        List<string[]> rows = [[.. reader.Header.ColNames]];
        foreach (var row in reader)
        {
            var cells = new string[row.ColCount];
            for (var i = 0; i < cells.Length; i++) cells[i] = row[i].ToString();
            rows.Add(cells);
        }
        return new Csv(rows);
    }

    /// <summary>A cell of the first data row whose <paramref name="column"/> equals <paramref name="value"/>.</summary>
    public string Cell(string matchColumn, string value, string column)
    {
        var row = Rows.Skip(1).Single(r => r[Array.IndexOf(Header, matchColumn)] == value);
        return row[Array.IndexOf(Header, column)];
    }
}

/// <summary>Calls to the transfer endpoints, and a users field group tied to a fresh audience.</summary>
public sealed class TransferScene(TransferApp app, HttpClient admin, UserGroupResponse audience, FieldGroupResponse group)
{
    public Api Api => app.Api;
    public HttpClient Admin => admin;
    public UserGroupResponse Audience => audience;

    public static async Task<TransferScene> CreateAsync(TransferApp app, string target = "users")
    {
        var admin = await app.Api.AdminAsync();
        var audience = await app.Api.CreateGroupAsync("clients");
        return new TransferScene(app, admin, audience, await Defs.CreateGroupAsync(admin, target, target == "users" ? [audience.Id] : null));
    }

    public async Task<FieldResponse> FieldAsync(string type, object? settings, params (int Group, string Level)[] access)
    {
        var response = await admin.PostAsJsonAsync("/api/v1/fields", new
        {
            name = Unique.Name(type),
            fieldGroupId = group.Id,
            type,
            settings,
            access = access.Select(a => new { userGroupId = a.Group, level = a.Level }),
        });
        Assert.True(response.StatusCode == HttpStatusCode.Created, await Api.Describe(response));
        return (await response.Content.ReadFromJsonAsync<FieldResponse>())!;
    }

    public static async Task<Csv> ExportAsync(HttpClient http, string path)
    {
        var response = await http.GetAsync(path);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await Api.Describe(response));
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        return Csv.Parse(await response.Content.ReadAsStringAsync());
    }

    public static Task<HttpResponseMessage> PostImportAsync(HttpClient http, string target, string csv, string mode = "all") =>
        http.PostAsync($"/api/v1/{target}/import?mode={mode}", new StringContent(csv, Encoding.UTF8, "text/csv"));

    /// <summary>Starts an import and waits for it to finish.</summary>
    public static async Task<ImportJobResponse> ImportAsync(HttpClient http, string target, string csv, string mode = "all")
    {
        var response = await PostImportAsync(http, target, csv, mode);
        return await FinishedAsync(http, response);
    }

    public static async Task<ImportJobResponse> FinishedAsync(HttpClient http, HttpResponseMessage started)
    {
        Assert.True(started.StatusCode == HttpStatusCode.Accepted, await Api.Describe(started));
        var location = started.Headers.Location!.ToString();
        for (var i = 0; i < 300; i++)
        {
            var job = (await http.GetFromJsonAsync<ImportJobResponse>(location))!;
            if (job.Status is "completed" or "failed") return job;
            await Task.Delay(100);
        }
        throw new TimeoutException("The import did not finish within 30 s.");
    }
}
