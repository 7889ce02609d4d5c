using System.Net;
using Rolodesk.Tests.Infrastructure;

namespace Rolodesk.Tests.Http;

public sealed class UserSearchTests(RolodeskApp app)
{
    private readonly Api _api = app.Api;

    [Fact]
    public async Task Search_finds_by_part_of_the_name_or_email_in_any_case()
    {
        var (tag, users) = await UserListTests.ThreeTaggedUsersAsync(_api);

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

    [Fact]
    public async Task Search_for_a_name_with_a_number_does_not_match_phone_digits()
    {
        var tag = Unique.Tag();
        var named = await _api.CreateUserAsync(new { name = $"Ada 5 {tag}" });
        var phoned = await _api.CreateUserAsync(new { name = $"Bob {tag}", phone = "+44 5555 0101" });

        var found = await _api.SearchUsersAsync("search=" + Uri.EscapeDataString($"Ada 5 {tag}"));

        Assert.Equal([named.Id], found.Items.Select(u => u.Id));
        Assert.DoesNotContain(phoned.Id, found.Items.Select(u => u.Id));
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
}
