using System.Net;
using System.Text.Json;
using Rolodesk.Tests.Infrastructure;

namespace Rolodesk.Tests.Http;

public sealed class OperabilityTests(RolodeskApp app)
{
    private readonly Api _api = app.Api;

    [Fact]
    public async Task Health_answers_200_without_sign_in_when_the_database_answers()
    {
        using var anonymous = _api.Anonymous();

        var response = await anonymous.GetAsync("/health");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task The_openapi_document_is_public_and_lists_the_api()
    {
        using var anonymous = _api.Anonymous();

        var response = await anonymous.GetAsync("/openapi/v1.json");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var paths = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("paths");
        var names = paths.EnumerateObject().Select(p => p.Name).ToList();
        foreach (var expected in new[] { "/api/v1/users", "/api/v1/users/{id}", "/api/v1/companies", "/api/v1/user-groups", "/api/v1/permissions", "/api/v1/me", "/api/v1/auth/token" })
            Assert.Contains(expected, names);
    }

    [Fact]
    public async Task The_api_reference_page_is_served()
    {
        using var anonymous = _api.Anonymous();

        var response = await anonymous.GetAsync("/api-reference");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("GET", "/api/v1/users", "anonymous", 401)]
    [InlineData("GET", "/api/v1/users", "client", 403)]
    [InlineData("GET", "/api/v1/users/2147483600", "admin", 404)]
    [InlineData("GET", "/api/v1/users?pageSize=1000", "admin", 400)]
    [InlineData("POST", "/api/v1/users", "admin", 400)]
    [InlineData("DELETE", "/api/v1/user-groups/{clients}", "admin", 409)]
    [InlineData("GET", "/api/v1/no-such-thing", "admin", 404)]
    [InlineData("PATCH", "/api/v1/users", "admin", 405)]
    public async Task Every_error_response_is_problem_json_with_a_trace_id(string method, string path, string caller, int status)
    {
        using var http = caller switch
        {
            "admin" => await _api.AdminAsync(),
            "client" => (await _api.ClientAsync()).Http,
            _ => _api.Anonymous(),
        };
        path = path.Replace("{clients}", (await _api.GroupIdAsync("Clients")).ToString());
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method is "POST" or "PATCH") request.Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json");

        var response = await http.SendAsync(request);

        await ProblemAssert.IsProblemAsync(response, (HttpStatusCode)status);
    }
}

public sealed class HealthWithoutDatabaseTests(LostDatabaseApp app) : IClassFixture<LostDatabaseApp>
{
    [Fact]
    public async Task Health_answers_503_when_the_database_is_gone()
    {
        using var anonymous = app.Api.Anonymous();
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/health")).StatusCode);

        await app.LoseDatabaseAsync();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await anonymous.GetAsync("/health")).StatusCode);
    }
}
