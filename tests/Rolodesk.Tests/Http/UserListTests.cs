using System.Net;
using System.Net.Http.Json;
using Rolodesk.Server.Features.Contacts;
using Rolodesk.Server.Infrastructure;
using Rolodesk.Tests.Infrastructure;

namespace Rolodesk.Tests.Http;

public sealed class UserListTests(RolodeskApp app)
{
    private readonly Api _api = app.Api;

    /// <summary>Three users sharing a unique tag in their names, so a search finds exactly them.</summary>
    internal static async Task<(string Tag, UserResponse[] Users)> ThreeTaggedUsersAsync(Api api)
    {
        var tag = Unique.Tag();
        var users = new List<UserResponse>();
        foreach (var (first, mail) in new[] { ("Bravo", "c"), ("alpha", "b"), ("Charlie", "a") })
            users.Add(await api.CreateUserAsync(new { name = $"{first} {tag}", email = $"{mail}{tag}@example.test" }));
        return (tag, [.. users]);
    }

    [Fact]
    public async Task Lists_are_paged_with_the_exact_total()
    {
        var (tag, _) = await ThreeTaggedUsersAsync(_api);

        var first = await _api.SearchUsersAsync($"search={tag}&pageSize=2&page=1");
        var second = await _api.SearchUsersAsync($"search={tag}&pageSize=2&page=2");
        var beyond = await _api.SearchUsersAsync($"search={tag}&pageSize=2&page=3");

        Assert.Equal((1, 2, 3, 2), (first.PageNumber, first.PageSize, first.Total, first.Items.Count));
        Assert.Equal((2, 3, 1), (second.PageNumber, second.Total, second.Items.Count));
        Assert.Empty(beyond.Items);
        Assert.Empty(first.Items.Select(u => u.Id).Intersect(second.Items.Select(u => u.Id)));
    }

    [Theory]
    [InlineData("pageSize=201", "pageSize")]
    [InlineData("pageSize=0", "pageSize")]
    [InlineData("page=0", "page")]
    [InlineData("sort=phone", "sort")]
    [InlineData("total=maybe", "total")]
    public async Task Out_of_range_paging_or_unknown_sort_is_a_400_naming_the_parameter(string query, string key)
    {
        using var admin = await _api.AdminAsync();

        var response = await admin.GetAsync("/api/v1/users?" + query);

        Assert.Equal([key], await ProblemAssert.IsValidationProblemAsync(response));
    }

    [Fact]
    public async Task With_total_false_the_page_comes_without_the_total_and_otherwise_with_it()
    {
        var (tag, _) = await ThreeTaggedUsersAsync(_api);
        using var admin = await _api.AdminAsync();

        var without = (await admin.GetFromJsonAsync<UserListPage>($"/api/v1/users?search={tag}&pageSize=2&sort=name&total=false"))!;
        var with = (await admin.GetFromJsonAsync<UserListPage>($"/api/v1/users?search={tag}&pageSize=2&sort=name&total=true"))!;

        Assert.Equal((2, (int?)null), (without.Items.Count, without.Total));
        Assert.Equal((2, (int?)3), (with.Items.Count, with.Total));
        Assert.Equal(with.Items.Select(u => u.Id), without.Items.Select(u => u.Id));
    }

    [Fact]
    public async Task The_largest_page_size_of_200_is_accepted()
    {
        var page = await _api.SearchUsersAsync("pageSize=200");

        Assert.Equal(200, page.PageSize);
    }

    [Theory]
    [InlineData("name", "alpha,Bravo,Charlie")]
    [InlineData("-name", "Charlie,Bravo,alpha")]
    [InlineData("email", "Charlie,alpha,Bravo")]
    [InlineData("-email", "Bravo,alpha,Charlie")]
    [InlineData("createdAt", "Bravo,alpha,Charlie")]
    [InlineData("-createdAt", "Charlie,alpha,Bravo")]
    public async Task Lists_sort_case_insensitively_by_the_given_key(string sort, string expected)
    {
        var (tag, _) = await ThreeTaggedUsersAsync(_api);

        var page = await _api.SearchUsersAsync($"search={tag}&sort={sort}");

        Assert.Equal(expected, string.Join(",", page.Items.Select(u => u.Name.Split(' ')[0])));
    }

    [Fact]
    public async Task Lists_filter_by_company()
    {
        var company = await _api.CreateCompanyAsync();
        var inside = await _api.CreateUserAsync(new { name = Unique.Name(), companyId = company.Id });
        await _api.CreateUserAsync();

        var page = await _api.SearchUsersAsync($"companyId={company.Id}");

        Assert.Equal([inside.Id], page.Items.Select(u => u.Id));
        Assert.Equal(company.Name, page.Items[0].Company!.Name);
    }

    [Fact]
    public async Task Lists_filter_by_group()
    {
        var group = await _api.CreateGroupAsync();
        var member = await _api.CreateUserAsync(new { name = Unique.Name(), groupIds = new[] { group.Id } });

        var page = await _api.SearchUsersAsync($"groupId={group.Id}");

        Assert.Equal([member.Id], page.Items.Select(u => u.Id));
    }

    [Fact]
    public async Task An_agent_with_contacts_view_can_list_users()
    {
        var agent = await _api.AgentAsync();

        var response = await agent.Http.GetAsync("/api/v1/users?search=" + agent.User.Email);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, (await response.Content.ReadFromJsonAsync<Page<UserResponse>>())!.Total);
    }
}
