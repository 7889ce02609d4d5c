using System.Net;
using System.Net.Http.Json;
using Rolodesk.Server.Features.Contacts;
using Rolodesk.Server.Infrastructure;
using Rolodesk.Tests.Infrastructure;

namespace Rolodesk.Tests.Http;

public sealed class CompaniesTests(RolodeskApp app)
{
    private readonly Api _api = app.Api;

    [Fact]
    public async Task A_company_is_created_read_updated_listed_and_deleted()
    {
        using var admin = await _api.AdminAsync();
        var tag = Unique.Tag();

        var created = await admin.PostAsJsonAsync("/api/v1/companies", new { name = $" Acme {tag} ", domain = $"Acme-{tag}.Example.com", notes = "Key account" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var company = (await created.Content.ReadFromJsonAsync<CompanyResponse>())!;
        Assert.Equal(($"Acme {tag}", $"acme-{tag}.example.com", "Key account", 0), (company.Name, company.Domain, company.Notes, company.UserCount));

        var read = await admin.GetFromJsonAsync<CompanyResponse>($"/api/v1/companies/{company.Id}");
        Assert.Equal(company, read);

        var updated = await admin.PutAsJsonAsync($"/api/v1/companies/{company.Id}", new { name = $"Acme Ltd {tag}", domain = (string?)null, notes = (string?)null });
        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        var after = (await updated.Content.ReadFromJsonAsync<CompanyResponse>())!;
        Assert.Equal(($"Acme Ltd {tag}", (string?)null, (string?)null), (after.Name, after.Domain, after.Notes));

        var list = await admin.GetFromJsonAsync<Page<CompanyResponse>>($"/api/v1/companies?search=ACME%20LTD%20{tag}");
        Assert.Equal([company.Id], list!.Items.Select(c => c.Id));

        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/v1/companies/{company.Id}")).StatusCode);
        await ProblemAssert.IsProblemAsync(await admin.GetAsync($"/api/v1/companies/{company.Id}"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Deleting_a_company_keeps_its_users_without_a_company()
    {
        var company = await _api.CreateCompanyAsync();
        var user = await _api.CreateUserAsync(new { name = Unique.Name(), email = Unique.Email(), companyId = company.Id });
        using var admin = await _api.AdminAsync();
        Assert.Equal(1, (await admin.GetFromJsonAsync<CompanyResponse>($"/api/v1/companies/{company.Id}"))!.UserCount);

        var response = await admin.DeleteAsync($"/api/v1/companies/{company.Id}");

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        var after = await admin.GetFromJsonAsync<UserResponse>($"/api/v1/users/{user.Id}");
        Assert.Equal((user.Name, user.Email, (CompanyRef?)null), (after!.Name, after.Email, after.Company));
    }

    [Theory]
    [InlineData("GET")]
    [InlineData("PUT")]
    [InlineData("DELETE")]
    public async Task Unknown_company_is_a_404_problem(string method)
    {
        using var admin = await _api.AdminAsync();
        using var request = new HttpRequestMessage(new HttpMethod(method), "/api/v1/companies/2147483600");
        if (method == "PUT") request.Content = JsonContent.Create(new { name = "Nobody Inc" });

        await ProblemAssert.IsProblemAsync(await admin.SendAsync(request), HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("a%00b")]
    [InlineData("%25_")]
    public async Task Company_search_with_any_characters_answers_200(string escapedTerm)
    {
        using var admin = await _api.AdminAsync();

        var response = await admin.GetAsync("/api/v1/companies?search=" + escapedTerm);

        Assert.True(response.StatusCode == HttpStatusCode.OK, await Api.Describe(response));
    }

    [Fact]
    public async Task Company_validation_errors_come_at_once()
    {
        using var admin = await _api.AdminAsync();

        var response = await admin.PostAsJsonAsync("/api/v1/companies", new { name = "", domain = "not a domain", notes = new string('x', 10_001) });

        Assert.Equal(["domain", "name", "notes"], (await ProblemAssert.IsValidationProblemAsync(response)).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("pageSize=201", "pageSize")]
    [InlineData("page=0", "page")]
    [InlineData("sort=domain", "sort")]
    public async Task Company_lists_refuse_bad_paging_and_sorting(string query, string key)
    {
        using var admin = await _api.AdminAsync();

        var response = await admin.GetAsync("/api/v1/companies?" + query);

        Assert.Equal([key], await ProblemAssert.IsValidationProblemAsync(response));
    }

    [Fact]
    public async Task Company_lists_are_paged_and_sorted_by_name()
    {
        var tag = Unique.Tag();
        foreach (var name in new[] { "b", "C", "a" }) await _api.CreateCompanyAsync($"{tag} {name}");
        using var admin = await _api.AdminAsync();

        var first = await admin.GetFromJsonAsync<Page<CompanyResponse>>($"/api/v1/companies?search={tag}&sort=-name&pageSize=2");

        Assert.Equal((3, 2), (first!.Total, first.PageSize));
        Assert.Equal([$"{tag} C", $"{tag} b"], first.Items.Select(c => c.Name));
    }

    [Fact]
    public async Task An_agent_can_manage_companies()
    {
        var agent = await _api.AgentAsync();

        var response = await agent.Http.PostAsJsonAsync("/api/v1/companies", new { name = Unique.Name("Agent Co") });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }
}
