using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Rolodesk.Server.Features.Access;
using Rolodesk.Server.Features.Contacts;
using Rolodesk.Server.Infrastructure;

namespace Rolodesk.Tests.Infrastructure;

/// <summary>A signed-in caller: its HTTP client and its own card.</summary>
public sealed record Caller(HttpClient Http, UserResponse User, string Password);

/// <summary>Helpers over the public API; everything they create carries unique names and emails.</summary>
public sealed class Api(RolodeskApp app)
{
    public const string Password = "test-pass-1";

    public HttpClient Anonymous() => app.CreateClient();

    public HttpClient WithToken(string token)
    {
        var http = app.CreateClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return http;
    }

    public async Task<string> TokenAsync(string email, string password)
    {
        using var http = Anonymous();
        var response = await http.PostAsJsonAsync("/api/v1/auth/token", new { email, password });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<TokenResponse>())!.Token;
    }

    public async Task<HttpClient> AdminAsync() => WithToken(await app.AdminTokenAsync());

    /// <summary>A new user in the default Agents group (contacts.view, contacts.edit, omni.view).</summary>
    public Task<Caller> AgentAsync() => SignedInMemberOfAsync("Agents");

    /// <summary>A new user in the default Clients group (no rights).</summary>
    public Task<Caller> ClientAsync() => SignedInMemberOfAsync("Clients");

    public async Task<Caller> SignedInMemberOfAsync(string groupName)
    {
        var group = await GroupIdAsync(groupName);
        var user = await CreateUserAsync(new { name = Unique.Name(groupName), email = Unique.Email(), groupIds = new[] { group }, password = Password });
        return new Caller(WithToken(await TokenAsync(user.Email!, Password)), user, Password);
    }

    /// <summary>Creates a user as the administrator; <paramref name="body"/> defaults to a unique name and email.</summary>
    public async Task<UserResponse> CreateUserAsync(object? body = null)
    {
        using var admin = await AdminAsync();
        var response = await admin.PostAsJsonAsync("/api/v1/users", body ?? new { name = Unique.Name("User"), email = Unique.Email() });
        Assert.True(response.StatusCode == HttpStatusCode.Created, await Describe(response));
        return (await response.Content.ReadFromJsonAsync<UserResponse>())!;
    }

    public async Task<CompanyResponse> CreateCompanyAsync(string? name = null)
    {
        using var admin = await AdminAsync();
        var response = await admin.PostAsJsonAsync("/api/v1/companies", new { name = name ?? Unique.Name("Company"), domain = Unique.Domain() });
        Assert.True(response.StatusCode == HttpStatusCode.Created, await Describe(response));
        return (await response.Content.ReadFromJsonAsync<CompanyResponse>())!;
    }

    public async Task<UserGroupResponse> CreateGroupAsync(string kind = "clients", params string[] permissions)
    {
        using var admin = await AdminAsync();
        var response = await admin.PostAsJsonAsync("/api/v1/user-groups", new { name = Unique.Name("Group"), kind, permissions });
        Assert.True(response.StatusCode == HttpStatusCode.Created, await Describe(response));
        return (await response.Content.ReadFromJsonAsync<UserGroupResponse>())!;
    }

    public async Task<int> GroupIdAsync(string name)
    {
        using var admin = await AdminAsync();
        var groups = await admin.GetFromJsonAsync<List<UserGroupResponse>>("/api/v1/user-groups");
        return groups!.Single(g => g.Name == name).Id;
    }

    /// <summary>Searches users as the administrator.</summary>
    public async Task<Page<UserResponse>> SearchUsersAsync(string query)
    {
        using var admin = await AdminAsync();
        return (await admin.GetFromJsonAsync<Page<UserResponse>>("/api/v1/users?" + query))!;
    }

    public static async Task<string> Describe(HttpResponseMessage response) =>
        $"{(int)response.StatusCode} {response.RequestMessage?.Method} {response.RequestMessage?.RequestUri}: {await response.Content.ReadAsStringAsync()}";
}

/// <summary>Names and emails no other test uses, so tests never see each other's data.</summary>
public static class Unique
{
    /// <summary>Ten letters: no digits, so a search for it never also matches phone numbers.</summary>
    public static string Tag() => string.Concat(Guid.NewGuid().ToString("N")[..10].Select(c => char.IsAsciiDigit(c) ? (char)('g' + c - '0') : c));

    public static string Name(string prefix = "Name") => $"{prefix} {Tag()}";

    public static string Email() => $"u{Tag()}@example.test";

    public static string Domain() => $"d{Tag()}.example.com";
}
