using System.Net;
using System.Net.Http.Json;
using Rolodesk.Server.Features.Contacts;
using Rolodesk.Server.Infrastructure;
using Rolodesk.Tests.Infrastructure;

namespace Rolodesk.Tests.Http;

/// <summary>
/// A values scene with filter helpers: cards named after what they hold (plus a tag unique to the
/// scene, so a search on it keeps other tests' cards out), and list calls that return the names found.
/// </summary>
public sealed class FilterScene(ValuesScene scene, string tag)
{
    public ValuesScene Values => scene;
    public string Tag => tag;

    public static async Task<FilterScene> CreateAsync(FieldValuesApp app, string target = "users") =>
        new(await ValuesScene.CreateAsync(app, target), Unique.Tag());

    /// <summary>A field the administrators may edit, plus any other access given.</summary>
    public async Task<string> FieldAsync(string type, object? settings = null, params (int Group, string Level)[] access) =>
        (await scene.FieldAsync(type, settings, access: [(await scene.AdministratorsAsync(), "edit"), .. access])).Key;

    /// <summary>A user of the audience named "<paramref name="name"/> &lt;tag&gt;" with the given values.</summary>
    public async Task<UserResponse> UserAsync(string name, Dictionary<string, object>? values = null)
    {
        var response = await scene.PostUserAsync(values, name: $"{name} {tag}");
        Assert.True(response.StatusCode == HttpStatusCode.Created, await Api.Describe(response));
        return (await response.Content.ReadFromJsonAsync<UserResponse>())!;
    }

    public async Task<CompanyResponse> CompanyAsync(string name, Dictionary<string, object>? values = null)
    {
        var response = await scene.Admin.PostAsJsonAsync("/api/v1/companies", new { name = $"{name} {tag}", customFields = values });
        Assert.True(response.StatusCode == HttpStatusCode.Created, await Api.Describe(response));
        return (await response.Content.ReadFromJsonAsync<CompanyResponse>())!;
    }

    public Task<HttpResponseMessage> GetAsync(string list, string query, HttpClient? by = null) =>
        (by ?? scene.Admin).GetAsync($"/api/v1/{list}?search={tag}&{query}");

    /// <summary>The users of this scene matching the query (first part of the name, sorted), checking the total too.</summary>
    public async Task<string[]> UsersAsync(string query, HttpClient? by = null)
    {
        var page = await PageAsync<UserResponse>("users", query, by);
        return [.. page.Items.Select(u => u.Name.Split(' ')[0])];
    }

    public async Task<string[]> CompaniesAsync(string query)
    {
        var page = await PageAsync<CompanyResponse>("companies", query, null);
        return [.. page.Items.Select(c => c.Name.Split(' ')[0])];
    }

    public async Task<Page<T>> PageAsync<T>(string list, string query, HttpClient? by)
    {
        var response = await GetAsync(list, query, by);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await Api.Describe(response));
        var page = (await response.Content.ReadFromJsonAsync<Page<T>>())!;
        if (page.PageNumber == 1 && page.Items.Count < page.PageSize) Assert.Equal(page.Items.Count, page.Total);
        return page;
    }

    /// <summary>The errors of a refused list call, by parameter name.</summary>
    public async Task<Dictionary<string, string>> ErrorsAsync(string query, HttpClient? by = null, string list = "users")
    {
        var response = await GetAsync(list, query, by);
        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
        return problem.GetProperty("errors").EnumerateObject().ToDictionary(e => e.Name, e => e.Value[0].GetString()!);
    }

    public static string Q(string s) => Uri.EscapeDataString(s);
}
