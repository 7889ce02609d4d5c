using System.Net;
using System.Net.Http.Json;
using Rolodesk.Server.Features.Contacts;
using Rolodesk.Tests.Infrastructure;

namespace Rolodesk.Tests.Http;

public sealed class UsersTests(RolodeskApp app)
{
    private readonly Api _api = app.Api;

    [Fact]
    public async Task A_user_is_created_read_updated_and_deleted()
    {
        using var admin = await _api.AdminAsync();
        var company = await _api.CreateCompanyAsync();
        var email = Unique.Email();

        var created = await admin.PostAsJsonAsync("/api/v1/users", new { name = " Ada Lovelace ", email, phone = "+44 20 7946 0000", companyId = company.Id });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var user = (await created.Content.ReadFromJsonAsync<UserResponse>())!;
        Assert.Equal($"/api/v1/users/{user.Id}", created.Headers.Location?.OriginalString);
        Assert.Equal(("Ada Lovelace", email, "+44 20 7946 0000", company.Id), (user.Name, user.Email, user.Phone, user.Company?.Id));
        Assert.Equal(["Clients"], user.Groups.Select(g => g.Name));
        Assert.False(user.IsAgent);

        var read = await admin.GetFromJsonAsync<UserResponse>($"/api/v1/users/{user.Id}");
        Assert.Equal(user, read! with { Groups = user.Groups });

        var newEmail = Unique.Email();
        var updated = await admin.PutAsJsonAsync($"/api/v1/users/{user.Id}", new { name = "Ada King", email = newEmail, phone = (string?)null, companyId = (int?)null });
        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        var after = (await updated.Content.ReadFromJsonAsync<UserResponse>())!;
        Assert.Equal(("Ada King", newEmail, (string?)null, (CompanyRef?)null), (after.Name, after.Email, after.Phone, after.Company));

        var deleted = await admin.DeleteAsync($"/api/v1/users/{user.Id}");
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        await ProblemAssert.IsProblemAsync(await admin.GetAsync($"/api/v1/users/{user.Id}"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task An_admin_makes_an_agent_who_can_then_sign_in()
    {
        using var admin = await _api.AdminAsync();
        var agents = await _api.GroupIdAsync("Agents");
        var email = Unique.Email();

        var response = await admin.PostAsJsonAsync("/api/v1/users", new { name = Unique.Name(), email, groupIds = new[] { agents }, password = "agent-pass-1" });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var user = (await response.Content.ReadFromJsonAsync<UserResponse>())!;
        Assert.True(user.IsAgent);
        Assert.True(user.CanSignIn);
        Assert.NotEmpty(await _api.TokenAsync(email, "agent-pass-1"));
    }

    [Theory]
    [InlineData("GET")]
    [InlineData("PUT")]
    [InlineData("DELETE")]
    public async Task Unknown_user_is_a_404_problem(string method)
    {
        using var admin = await _api.AdminAsync();
        using var request = new HttpRequestMessage(new HttpMethod(method), "/api/v1/users/2147483600");
        if (method == "PUT") request.Content = JsonContent.Create(new { name = "Nobody" });

        await ProblemAssert.IsProblemAsync(await admin.SendAsync(request), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Duplicate_email_differing_only_in_case_is_refused_with_409()
    {
        var existing = await _api.CreateUserAsync();
        var other = await _api.CreateUserAsync();
        using var admin = await _api.AdminAsync();
        var upper = existing.Email!.ToUpperInvariant();

        var create = await admin.PostAsJsonAsync("/api/v1/users", new { name = Unique.Name(), email = upper });
        var update = await admin.PutAsJsonAsync($"/api/v1/users/{other.Id}", new { name = other.Name, email = upper });

        await ProblemAssert.IsProblemAsync(create, HttpStatusCode.Conflict);
        await ProblemAssert.IsProblemAsync(update, HttpStatusCode.Conflict);
        Assert.Equal(1, (await _api.SearchUsersAsync("search=" + existing.Email)).Total);
        Assert.Equal(other.Email, (await admin.GetFromJsonAsync<UserResponse>($"/api/v1/users/{other.Id}"))!.Email);
    }

    [Fact]
    public async Task Simultaneous_creates_with_one_email_make_exactly_one_user()
    {
        using var admin = await _api.AdminAsync();
        var email = Unique.Email();

        var responses = await Task.WhenAll(Enumerable.Range(0, 6).Select(i =>
            admin.PostAsJsonAsync("/api/v1/users", new { name = $"Racer {i}", email = i % 2 == 0 ? email : email.ToUpperInvariant() })));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
        foreach (var refused in responses.Where(r => r.StatusCode != HttpStatusCode.Created))
            await ProblemAssert.IsProblemAsync(refused, HttpStatusCode.Conflict);
        Assert.Equal(1, (await _api.SearchUsersAsync("search=" + email)).Total);
    }

    [Fact]
    public async Task All_validation_errors_come_at_once_keyed_by_json_path()
    {
        using var admin = await _api.AdminAsync();
        var body = new { name = "  ", email = "not-an-email", phone = "call me", groupIds = new[] { 2147483600 }, companyId = 2147483600 };

        var response = await admin.PostAsJsonAsync("/api/v1/users", body);

        var keys = await ProblemAssert.IsValidationProblemAsync(response);
        Assert.Equal(["companyId", "email", "groupIds[0]", "name", "phone"], keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_refused_create_leaves_no_user_behind()
    {
        using var admin = await _api.AdminAsync();
        var email = Unique.Email();

        var badGroup = await admin.PostAsJsonAsync("/api/v1/users", new { name = Unique.Name(), email, groupIds = new[] { 2147483600 } });
        var shortPassword = await admin.PostAsJsonAsync("/api/v1/users", new { name = Unique.Name(), email, password = "short" });
        var badCompany = await admin.PostAsJsonAsync("/api/v1/users", new { name = Unique.Name(), email, companyId = 2147483600 });

        Assert.Equal(["groupIds[0]"], await ProblemAssert.IsValidationProblemAsync(badGroup));
        Assert.Equal(["password"], await ProblemAssert.IsValidationProblemAsync(shortPassword));
        Assert.Equal(["companyId"], await ProblemAssert.IsValidationProblemAsync(badCompany));
        Assert.Equal(0, (await _api.SearchUsersAsync("search=" + email)).Total);
    }

    [Fact]
    public async Task A_refused_update_changes_nothing()
    {
        var user = await _api.CreateUserAsync(new { name = Unique.Name(), email = Unique.Email(), phone = "123" });
        using var admin = await _api.AdminAsync();

        var response = await admin.PutAsJsonAsync($"/api/v1/users/{user.Id}", new { name = "Changed", email = Unique.Email(), phone = "123", groupIds = new[] { 2147483600 } });

        await ProblemAssert.IsValidationProblemAsync(response);
        var after = await admin.GetFromJsonAsync<UserResponse>($"/api/v1/users/{user.Id}");
        Assert.Equal((user.Name, user.Email, user.UpdatedAt), (after!.Name, after.Email, after.UpdatedAt));
    }

    [Fact]
    public async Task Removing_every_group_from_a_user_is_refused()
    {
        var user = await _api.CreateUserAsync();
        using var admin = await _api.AdminAsync();

        var response = await admin.PutAsJsonAsync($"/api/v1/users/{user.Id}", new { name = user.Name, email = user.Email, groupIds = Array.Empty<int>() });

        Assert.Equal(["groupIds"], await ProblemAssert.IsValidationProblemAsync(response));
    }
}
