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
    private async Task<(string Tag, UserResponse[] Users)> ThreeTaggedUsersAsync()
    {
        var tag = Unique.Tag();
        var users = new List<UserResponse>();
        foreach (var (first, mail) in new[] { ("Bravo", "c"), ("alpha", "b"), ("Charlie", "a") })
            users.Add(await _api.CreateUserAsync(new { name = $"{first} {tag}", email = $"{mail}{tag}@example.test" }));
        return (tag, [.. users]);
    }

    [Fact]
    public async Task Lists_are_paged_with_the_exact_total()
    {
        var (tag, _) = await ThreeTaggedUsersAsync();

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
    public async Task Out_of_range_paging_or_unknown_sort_is_a_400_naming_the_parameter(string query, string key)
    {
        using var admin = await _api.AdminAsync();

        var response = await admin.GetAsync("/api/v1/users?" + query);

        Assert.Equal([key], await ProblemAssert.IsValidationProblemAsync(response));
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
        var (tag, _) = await ThreeTaggedUsersAsync();

        var page = await _api.SearchUsersAsync($"search={tag}&sort={sort}");

        Assert.Equal(expected, string.Join(",", page.Items.Select(u => u.Name.Split(' ')[0])));
    }

    [Fact]
    public async Task Search_finds_by_part_of_the_name_or_email_in_any_case()
    {
        var (tag, users) = await ThreeTaggedUsersAsync();

        var byName = await _api.SearchUsersAsync($"search=ALPHA%20{tag.ToUpperInvariant()}");
        var byEmail = await _api.SearchUsersAsync($"search=C{tag.ToUpperInvariant()}@EXAMPLE");

        Assert.Equal([users[1].Id], byName.Items.Select(u => u.Id));
        Assert.Equal([users[0].Id], byEmail.Items.Select(u => u.Id));
    }

    [Fact]
    public async Task Search_finds_by_phone_digits_whatever_the_formatting()
    {
        var digits = Random.Shared.NextInt64(1_000_000_000, 9_999_999_999).ToString();
        var phone = $"+{digits[..1]} ({digits[1..4]}) {digits[4..7]}-{digits[7..]}";
        var user = await _api.CreateUserAsync(new { name = Unique.Name(), phone });

        var byDigits = await _api.SearchUsersAsync("search=" + digits);
        var byOtherFormat = await _api.SearchUsersAsync("search=" + Uri.EscapeDataString($"{digits[1..4]}.{digits[4..7]}.{digits[7..]}"));

        Assert.Contains(user.Id, byDigits.Items.Select(u => u.Id));
        Assert.Contains(user.Id, byOtherFormat.Items.Select(u => u.Id));
        Assert.Equal(phone, byDigits.Items.Single(u => u.Id == user.Id).Phone);
    }

    [Theory]
    [InlineData("%25")]
    [InlineData("_")]
    [InlineData("%5C")]
    [InlineData("'%20OR%201=1")]
    [InlineData("%00")]
    [InlineData("a%00b")]
    [InlineData("%F0%9F%99%82")]
    public async Task Search_with_any_characters_answers_200(string escapedTerm)
    {
        using var admin = await _api.AdminAsync();

        var users = await admin.GetAsync("/api/v1/users?search=" + escapedTerm);

        Assert.True(users.StatusCode == HttpStatusCode.OK, await Api.Describe(users));
    }

    [Fact]
    public async Task Search_treats_like_wildcards_literally()
    {
        var tag = Unique.Tag();
        var user = await _api.CreateUserAsync(new { name = $"100%_{tag}" });
        await _api.CreateUserAsync(new { name = $"100ab{tag}" });

        var page = await _api.SearchUsersAsync("search=" + Uri.EscapeDataString($"%_{tag}"));

        Assert.Equal([user.Id], page.Items.Select(u => u.Id));
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
