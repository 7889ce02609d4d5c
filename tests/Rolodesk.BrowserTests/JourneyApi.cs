using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Rolodesk.BrowserTests;

/// <summary>
/// Setup through the API as the administrator (users with passwords), for journeys whose subject
/// is something else; the browser does everything the test is about.
/// </summary>
public sealed class JourneyApi(HttpClient http)
{
    public static async Task<JourneyApi> SignInAsync(AppFixture app)
    {
        var http = new HttpClient { BaseAddress = new Uri(app.BaseUrl) };
        var response = await http.PostAsJsonAsync("/api/v1/auth/token", new { email = AppFixture.AdminEmail, password = AppFixture.AdminPassword });
        response.EnsureSuccessStatusCode();
        var token = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return new JourneyApi(http);
    }

    /// <summary>The id of a user group, by name.</summary>
    public async Task<int> GroupIdAsync(string name)
    {
        var groups = await http.GetFromJsonAsync<JsonElement>("/api/v1/user-groups");
        return groups.EnumerateArray().Single(g => g.GetProperty("name").GetString() == name).GetProperty("id").GetInt32();
    }

    /// <summary>The id of the user with this email.</summary>
    public async Task<int> UserIdAsync(string email)
    {
        var page = await http.GetFromJsonAsync<JsonElement>($"/api/v1/users?search={Uri.EscapeDataString(email)}");
        return page.GetProperty("items").EnumerateArray().Single(u => u.GetProperty("email").GetString() == email).GetProperty("id").GetInt32();
    }

    /// <summary>Creates a user group of this kind (clients, agents, …); returns its id.</summary>
    public async Task<int> CreateGroupAsync(string name, string kind) =>
        (await PostAsync("/api/v1/user-groups", new { name, kind, permissions = Array.Empty<string>() })).GetProperty("id").GetInt32();

    /// <summary>POSTs and returns the body, failing the test on an error status.</summary>
    public async Task<JsonElement> PostAsync(string path, object body) => await ReadAsync(await http.PostAsJsonAsync(path, body));

    public async Task<JsonElement> PutAsync(string path, object body) => await ReadAsync(await http.PutAsJsonAsync(path, body));

    private static async Task<JsonElement> ReadAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    /// <summary>Creates a user who can sign in; returns their id.</summary>
    public async Task<int> CreateUserAsync(string name, string email, string password, int groupId)
    {
        var response = await http.PostAsJsonAsync("/api/v1/users", new { name, email, password, groupIds = new[] { groupId } });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        return JsonDocument.Parse(body).RootElement.GetProperty("id").GetInt32();
    }
}
