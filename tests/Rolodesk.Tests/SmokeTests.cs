namespace Rolodesk.Tests;

public class SmokeTests
{
    [Fact]
    public void Permission_catalogue_has_the_user_groups_right() =>
        Assert.Contains(Rolodesk.Server.Features.Access.Permissions.All, p => p.Key == "user-groups.manage");
}
