using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using Rolodesk.Server.Features.Contacts;
using Rolodesk.Tests.Infrastructure;

namespace Rolodesk.Tests.Http;

/// <summary>CSV import of companies: matched by id, created without one; a multipart upload works like a raw body.</summary>
[Collection(TransferCollection.Name)]
public sealed class CompanyImportTests(TransferApp app)
{
    [Fact]
    public async Task A_row_with_an_id_updates_that_company_and_one_without_creates_a_company()
    {
        var s = await TransferScene.CreateAsync(app, "companies");
        var field = await s.FieldAsync("date", null, (await s.Api.GroupIdAsync("Administrators"), "edit"));
        var existing = await s.Api.CreateCompanyAsync();
        var (renamed, fresh) = (Unique.Name("Renamed"), Unique.Name("Fresh"));
        var csv = $"id,name,{field.Key}\n{existing.Id},{renamed},2025-01-31\n,{fresh},\n";
        var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes(csv));
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        form.Add(file, "file", "companies.csv");

        var job = await TransferScene.FinishedAsync(s.Admin, await s.Admin.PostAsync("/api/v1/companies/import?mode=all", form));

        Assert.True(job.Status == "completed", string.Join("; ", job.Errors));
        Assert.Equal(2, job.RowsWritten);
        var updated = (await s.Admin.GetFromJsonAsync<CompanyResponse>($"/api/v1/companies/{existing.Id}"))!;
        Assert.Equal((renamed, existing.Domain), (updated.Name, updated.Domain));
        Assert.Equal("2025-01-31", updated.CustomFields![field.Key].GetString());
        var csvBack = await TransferScene.ExportAsync(s.Admin, $"/api/v1/companies/export?search={Uri.EscapeDataString(fresh)}");
        Assert.Equal("", csvBack.Cell("name", fresh, field.Key));
    }

    [Fact]
    public async Task An_unknown_id_is_an_error_on_the_id_column()
    {
        var job = await TransferScene.ImportAsync(await app.Api.AdminAsync(), "companies", $"id,name\n999999,{Unique.Name("X")}\n");

        var error = Assert.Single(job.Errors);
        Assert.Equal((2, "id"), (error.Row, error.Column));
    }
}
