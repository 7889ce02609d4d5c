using Rolodesk.Server.Features.Access;

namespace Rolodesk.Tests.Unit;

public sealed class PermissionsTests
{
    [Fact]
    public void The_catalogue_holds_exactly_the_ten_rights_of_the_spec() =>
        Assert.Equal(
            ["analytics.agents.status", "analytics.view", "contact-fields.manage", "contacts.edit", "contacts.view",
             "omni.agents.status", "omni.view", "reports.view", "requests.distribution.manage", "user-groups.manage"],
            Permissions.All.Select(p => p.Key).Order(StringComparer.Ordinal));

    [Fact]
    public void Every_right_has_a_section_and_a_description() =>
        Assert.All(Permissions.All, p => Assert.False(string.IsNullOrWhiteSpace(p.Section) || string.IsNullOrWhiteSpace(p.Description)));

    [Theory]
    [InlineData("contacts.view", true)]
    [InlineData("user-groups.manage", true)]
    [InlineData("Contacts.View", false)]
    [InlineData("", false)]
    [InlineData("admin", false)]
    public void Rights_are_recognised_by_exact_key(string key, bool exists) =>
        Assert.Equal(exists, Permissions.Exists(key));

    [Fact]
    public void Every_right_has_a_distinct_policy_name() =>
        Assert.Equal(Permissions.All.Count, Permissions.All.Select(p => Permissions.PolicyName(p.Key)).Distinct().Count());
}
