using System.Net;
using System.Net.Http.Json;
using Rolodesk.Server.Features.Contacts;
using Rolodesk.Server.Infrastructure;
using Rolodesk.Tests.Infrastructure;

namespace Rolodesk.Tests.Http;

public sealed partial class AccessMatrixTests
{
    [Theory, MemberData(nameof(Levels))]
    public async Task An_agent_meets_the_level_on_every_path_of_a_company_card(string level)
    {
        var s = await ValuesScene.CreateAsync(app, "companies");
        var field = await s.FieldAsync("text", access: Access(await s.AdministratorsAsync(), s.Agents.Id, level));
        try
        {
            var created = await s.Admin.PostAsJsonAsync("/api/v1/companies", new { name = Unique.Name("Co"), customFields = Value(field.Key, "stored") });
            Assert.True(created.StatusCode == HttpStatusCode.Created, await Api.Describe(created));
            var company = (await created.Content.ReadFromJsonAsync<CompanyResponse>())!;
            var agent = await s.AgentAsync();

            var read = (await agent.Http.GetFromJsonAsync<CompanyResponse>($"/api/v1/companies/{company.Id}"))!;
            var listed = (await agent.Http.GetFromJsonAsync<Page<CompanyResponse>>($"/api/v1/companies?search={Uri.EscapeDataString(company.Name)}"))!;
            foreach (var seen in new[] { read, Assert.Single(listed.Items) }) AssertSees(seen.CustomFields!, field.Key, level);

            await ExpectWrite(level, Write.Set, field.Key, await Put(Value(field.Key, "changed")));
            await ExpectWrite(level, Write.Clear, field.Key, await Put(Value(field.Key, null)));
            await ExpectWrite(level, Write.Untouched, field.Key, await Put(null));
            await ExpectWrite(level, Write.CreateWithout, field.Key,
                await agent.Http.PostAsJsonAsync("/api/v1/companies", new { name = Unique.Name("Co") }));
            await ExpectWrite(level, Write.CreateWith, field.Key,
                await agent.Http.PostAsJsonAsync("/api/v1/companies", new { name = Unique.Name("Co"), customFields = Value(field.Key, "new") }));

            var after = (await s.Admin.GetFromJsonAsync<CompanyResponse>($"/api/v1/companies/{company.Id}"))!;
            var expected = level is "edit" ? null : level is "mandatory" ? "changed" : "stored";
            Assert.Equal(expected, after.CustomFields![field.Key].ValueKind == System.Text.Json.JsonValueKind.Null ? null : after.CustomFields[field.Key].GetString());

            Task<HttpResponseMessage> Put(Dictionary<string, object?>? customFields) =>
                agent.Http.PutAsJsonAsync($"/api/v1/companies/{company.Id}", new { name = company.Name, customFields });
        }
        finally
        {
            // Company fields apply to every company: archive this one so that it stays out of the other tests' cards.
            await s.Admin.PostAsync($"/api/v1/fields/{field.Id}/archive", null);
        }
    }
}
