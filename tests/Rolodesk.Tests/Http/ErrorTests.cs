using System.Net;
using System.Net.Http.Json;
using System.Text;
using Rolodesk.Tests.Infrastructure;

namespace Rolodesk.Tests.Http;

public sealed class ErrorTests(RolodeskApp app)
{
    private readonly Api _api = app.Api;

    [Theory]
    [InlineData("/api/v1/users", "{\"name\": \"Broken\",")]
    [InlineData("/api/v1/users", "[1, 2]")]
    [InlineData("/api/v1/users", "{\"name\": 42}")]
    [InlineData("/api/v1/companies", "not json at all")]
    [InlineData("/api/v1/user-groups", "{\"name\": \"x\", \"kind\": ")]
    public async Task Malformed_json_is_a_400_problem(string path, string json)
    {
        using var admin = await _api.AdminAsync();

        var response = await admin.PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json"));

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
    }

    [Theory]
    [InlineData("/api/v1/users")]
    [InlineData("/api/v1/companies")]
    [InlineData("/api/v1/user-groups")]
    public async Task An_unknown_json_property_is_a_400_problem_and_writes_nothing(string path)
    {
        using var admin = await _api.AdminAsync();
        var name = Unique.Name();

        var response = await admin.PostAsJsonAsync(path, new { name, kind = "clients", isAdmin = true });

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal(0, (await _api.SearchUsersAsync("search=" + Uri.EscapeDataString(name))).Total);
    }

    [Fact]
    public async Task A_body_over_1_MiB_is_refused_with_413()
    {
        using var admin = await _api.AdminAsync();
        var name = Unique.Name();
        var json = $"{{\"name\": \"{name}\", \"phone\": \"{new string('1', 1_048_576)}\"}}";

        var response = await admin.PostAsync("/api/v1/users", new StringContent(json, Encoding.UTF8, "application/json"));

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
        Assert.Equal(0, (await _api.SearchUsersAsync("search=" + Uri.EscapeDataString(name))).Total);
    }

    [Fact]
    public async Task A_body_just_under_1_MiB_is_read_and_validated()
    {
        using var admin = await _api.AdminAsync();
        var json = $"{{\"name\": \"{new string('n', 1_000_000)}\"}}";

        var response = await admin.PostAsync("/api/v1/users", new StringContent(json, Encoding.UTF8, "application/json"));

        Assert.Equal(["name"], await ProblemAssert.IsValidationProblemAsync(response));
    }

    [Fact]
    public async Task A_wrong_content_type_is_a_415_problem()
    {
        using var admin = await _api.AdminAsync();

        var response = await admin.PostAsync("/api/v1/users", new StringContent("name=x", Encoding.UTF8, "text/plain"));

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.UnsupportedMediaType);
    }
}
