using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Rolodesk.Data;
using Rolodesk.Server.Features.Contacts;

namespace Rolodesk.Tests.Http;

/// <summary>The projections the Contacts pages use (cards without values) still translate on both providers.</summary>
[Collection(FieldValuesCollection.Name)]
public sealed class ValuesProjectionTests(FieldValuesApp app)
{
    [Fact]
    public async Task Cards_without_values_are_projected_by_the_database()
    {
        var s = await ValuesScene.CreateAsync(app);
        var card = await s.CreateUserAsync();
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RolodeskDbContext>();

        var user = await db.Users.Where(u => u.Id == card.Id).ToResponse().SingleAsync();
        var companies = await db.Companies.OrderBy(c => c.Id).Take(5).ToResponse().ToListAsync();

        Assert.Equal((card.Name, (CustomFieldValues?)null), (user.Name, user.CustomFields));
        Assert.All(companies, c => Assert.Null(c.CustomFields));
    }
}
