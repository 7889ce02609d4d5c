using System.Net;
using System.Net.Http.Json;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Rolodesk.Server.Features.Contacts;
using Rolodesk.Tests.Infrastructure;

namespace Rolodesk.Tests.Http;

/// <summary>A card to post: any strings, biased towards values that pass validation so both paths are exercised.</summary>
public sealed record CardInput(string? Name, string? Email, string? Phone)
{
    public override string ToString() => $"name={Show(Name)} email={Show(Email)} phone={Show(Phone)}";

    private static string Show(string? s) => s is null ? "null" : System.Text.Json.JsonSerializer.Serialize(s);
}

public static class CardArbitraries
{
    public static Arbitrary<CardInput> Cards()
    {
        var any = ArbMap.Default.GeneratorFor<string>();
        var space = Gen.Elements("", " ", "  ", "\t", "\n", "\u00a0", "\u3000");
        Gen<string> Padded(Gen<string> g) => g.SelectMany(s => space.Zip(space, (l, r) => l + s + r));
        var word = Gen.Elements("Ada", "Zoë", "O'Brien", "李雷", "Ünal", "x", "Jean-Luc", "🙂 smile");
        var name = Gen.Frequency((3, Padded(word)), (2, any));
        var email = Gen.Frequency((3, Padded(Gen.Fresh(Unique.Email))), (1, Gen.Fresh(() => "U" + Unique.Email().ToUpperInvariant())), (2, any));
        var digits = Gen.Choose(0, 999_999_999).Select(n => n.ToString());
        var phone = Gen.Frequency((3, Padded(digits.Select(d => "+1 (" + d + ")"))), (2, any));
        var card = name.SelectMany(n => email.SelectMany(e => phone.Select(p => new CardInput(n, e, p))));
        return Arb.From(card);
    }
}

public sealed class UserCardProperties(RolodeskApp app)
{
    private readonly Api _api = app.Api;

    private static string? Trimmed(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    [Property(Arbitrary = [typeof(CardArbitraries)], MaxTest = 150)]
    public async Task Any_posted_card_is_created_exactly_as_trimmed_or_refused_with_a_problem_never_a_500(CardInput card)
    {
        using var admin = await _api.AdminAsync();

        var response = await admin.PostAsJsonAsync("/api/v1/users", new { name = card.Name, email = card.Email, phone = card.Phone });

        if (response.StatusCode == HttpStatusCode.Created)
        {
            var id = (await response.Content.ReadFromJsonAsync<UserResponse>())!.Id;
            var read = (await admin.GetFromJsonAsync<UserResponse>($"/api/v1/users/{id}"))!;
            Assert.Equal((Trimmed(card.Name), Trimmed(card.Email), Trimmed(card.Phone)), (read.Name, read.Email, read.Phone));
        }
        else
        {
            Assert.True(response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.Conflict, await Api.Describe(response));
            await ProblemAssert.IsProblemAsync(response, response.StatusCode);
        }
    }
}
