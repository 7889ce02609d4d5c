using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Rolodesk.Server.Features.Contacts;
using Rolodesk.Tests.Infrastructure;

namespace Rolodesk.Tests.Http;

public sealed class AccessTests(RolodeskApp app)
{
    private readonly Api _api = app.Api;

    [Fact]
    public async Task Every_api_v1_endpoint_except_the_token_answers_401_problem_without_a_token()
    {
        var endpoints = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.TrimStart('/').StartsWith("api/v1/", StringComparison.Ordinal) == true)
            .Where(e => e.Metadata.GetMetadata<IAllowAnonymous>() is null)
            .ToList();
        Assert.True(endpoints.Count >= 15, $"only {endpoints.Count} protected endpoints found");
        using var anonymous = _api.Anonymous();
        var failures = new List<string>();

        foreach (var endpoint in endpoints)
            foreach (var method in endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"])
            {
                // Route values that satisfy the parameter's constraint, so the request reaches the endpoint.
                var path = "/" + System.Text.RegularExpressions.Regex.Replace(endpoint.RoutePattern.RawText!.TrimStart('/'), "{[^}]+}",
                    m => m.Value.Contains(":guid", StringComparison.Ordinal) ? Guid.NewGuid().ToString() : "1");
                using var request = new HttpRequestMessage(new HttpMethod(method), path);
                // A body of a type the endpoint accepts (JSON unless it declares others, e.g. CSV imports).
                var accepts = endpoint.Metadata.GetMetadata<Microsoft.AspNetCore.Http.Metadata.IAcceptsMetadata>()?.ContentTypes.FirstOrDefault();
                if (method is "POST" or "PUT" or "PATCH")
                    request.Content = accepts is null ? JsonContent.Create(new { }) : new StringContent("", System.Text.Encoding.UTF8, accepts);
                var response = await anonymous.SendAsync(request);
                if (response.StatusCode != HttpStatusCode.Unauthorized
                    || response.Content.Headers.ContentType?.MediaType != "application/problem+json")
                    failures.Add($"{method} {path} -> {(int)response.StatusCode} {response.Content.Headers.ContentType}");
            }

        Assert.Empty(failures);
    }

    [Theory]
    [InlineData("POST", "/api/v1/user-groups")]
    [InlineData("PUT", "/api/v1/user-groups/{agents}")]
    [InlineData("DELETE", "/api/v1/user-groups/{agents}")]
    public async Task An_agent_without_user_groups_manage_gets_403_on_user_group_changes(string method, string path)
    {
        var agent = await _api.AgentAsync();
        path = path.Replace("{agents}", (await _api.GroupIdAsync("Agents")).ToString());
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method != "DELETE") request.Content = JsonContent.Create(new { name = Unique.Name(), kind = "agents", permissions = Array.Empty<string>() });

        var response = await agent.Http.SendAsync(request);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Forbidden);
    }

    [Theory]
    [InlineData("GET", "/api/v1/users")]
    [InlineData("POST", "/api/v1/users")]
    [InlineData("GET", "/api/v1/companies")]
    [InlineData("GET", "/api/v1/companies/{company}")]
    [InlineData("POST", "/api/v1/companies")]
    [InlineData("PUT", "/api/v1/companies/{company}")]
    [InlineData("DELETE", "/api/v1/companies/{company}")]
    [InlineData("PUT", "/api/v1/users/{other}")]
    [InlineData("DELETE", "/api/v1/users/{other}")]
    [InlineData("POST", "/api/v1/user-groups")]
    public async Task A_client_gets_403_on_contacts_and_settings(string method, string path)
    {
        var client = await _api.ClientAsync();
        var other = await _api.CreateUserAsync();
        var company = await _api.CreateCompanyAsync();
        path = path.Replace("{other}", other.Id.ToString()).Replace("{company}", company.Id.ToString());
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method is "POST" or "PUT") request.Content = JsonContent.Create(new { name = Unique.Name() });

        var response = await client.Http.SendAsync(request);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task A_client_reads_and_edits_their_own_card_but_not_another_users()
    {
        var client = await _api.ClientAsync();
        var other = await _api.CreateUserAsync();
        var newName = Unique.Name("Renamed");

        var me = await client.Http.GetFromJsonAsync<MeResponse>("/api/v1/me");
        var put = await client.Http.PutAsJsonAsync("/api/v1/me", new { name = "  " + newName + " ", email = client.User.Email, phone = "+1 555 0100" });
        var own = await client.Http.GetAsync($"/api/v1/users/{client.User.Id}");
        var others = await client.Http.GetAsync($"/api/v1/users/{other.Id}");

        Assert.Equal(client.User.Id, me!.User.Id);
        Assert.Empty(me.Permissions);
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        var card = (await own.Content.ReadFromJsonAsync<UserResponse>())!;
        Assert.Equal(newName, card.Name);
        Assert.Equal("+1 555 0100", card.Phone);
        Assert.Equal(["Clients"], card.Groups.Select(g => g.Name));
        await ProblemAssert.IsProblemAsync(others, HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Own_card_edit_refuses_an_email_taken_by_another_user_with_409()
    {
        var client = await _api.ClientAsync();
        var other = await _api.CreateUserAsync();

        var put = await client.Http.PutAsJsonAsync("/api/v1/me", new { name = "Me", email = other.Email!.ToUpperInvariant() });

        await ProblemAssert.IsProblemAsync(put, HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task An_agent_with_contacts_edit_but_not_user_groups_manage_cannot_add_to_an_agents_group_or_set_a_password()
    {
        var agent = await _api.AgentAsync();
        var agentsGroup = await _api.GroupIdAsync("Agents");
        var intoAgents = new { name = Unique.Name(), email = Unique.Email(), groupIds = new[] { agentsGroup } };
        var withPassword = new { name = Unique.Name(), email = Unique.Email(), password = "some-password-1" };
        var plain = new { name = Unique.Name(), email = Unique.Email() };
        var existing = await _api.CreateUserAsync();

        var first = await agent.Http.PostAsJsonAsync("/api/v1/users", intoAgents);
        var second = await agent.Http.PostAsJsonAsync("/api/v1/users", withPassword);
        var promote = await agent.Http.PutAsJsonAsync($"/api/v1/users/{existing.Id}", new { name = existing.Name, email = existing.Email, groupIds = new[] { agentsGroup } });
        var setPassword = await agent.Http.PutAsJsonAsync($"/api/v1/users/{existing.Id}", new { name = existing.Name, email = existing.Email, password = "some-password-1" });
        var allowed = await agent.Http.PostAsJsonAsync("/api/v1/users", plain);

        await ProblemAssert.IsProblemAsync(first, HttpStatusCode.Forbidden);
        await ProblemAssert.IsProblemAsync(second, HttpStatusCode.Forbidden);
        await ProblemAssert.IsProblemAsync(promote, HttpStatusCode.Forbidden);
        await ProblemAssert.IsProblemAsync(setPassword, HttpStatusCode.Forbidden);
        Assert.Equal(HttpStatusCode.Created, allowed.StatusCode);
        Assert.Equal(0, (await _api.SearchUsersAsync("search=" + intoAgents.email)).Total);
        Assert.Equal(0, (await _api.SearchUsersAsync("search=" + withPassword.email)).Total);
        var after = (await _api.SearchUsersAsync("search=" + existing.Email)).Items.Single();
        Assert.Equal(["Clients"], after.Groups.Select(g => g.Name));
        Assert.False(after.CanSignIn);
    }
}
