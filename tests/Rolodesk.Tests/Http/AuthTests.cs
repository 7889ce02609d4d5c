using System.Net;
using System.Net.Http.Json;
using Rolodesk.Server.Features.Access;
using Rolodesk.Server.Features.Contacts;
using Rolodesk.Tests.Infrastructure;

namespace Rolodesk.Tests.Http;

public sealed class AuthTests(RolodeskApp app)
{
    private readonly Api _api = app.Api;

    [Fact]
    public async Task Token_is_issued_for_the_right_password_and_opens_the_api()
    {
        var user = await _api.CreateUserAsync(new { name = Unique.Name(), email = Unique.Email(), password = Api.Password });
        using var anonymous = _api.Anonymous();

        var response = await anonymous.PostAsJsonAsync("/api/v1/auth/token", new { email = user.Email!.ToUpperInvariant(), password = Api.Password });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var token = (await response.Content.ReadFromJsonAsync<TokenResponse>())!;
        Assert.True(token.ExpiresAt > DateTimeOffset.UtcNow);
        using var http = _api.WithToken(token.Token);
        var me = await http.GetFromJsonAsync<MeResponse>("/api/v1/me");
        Assert.Equal(user.Id, me!.User.Id);
    }

    [Fact]
    public async Task Token_is_refused_with_401_for_a_wrong_password()
    {
        var user = await _api.CreateUserAsync(new { name = Unique.Name(), email = Unique.Email(), password = Api.Password });
        using var anonymous = _api.Anonymous();

        var response = await anonymous.PostAsJsonAsync("/api/v1/auth/token", new { email = user.Email, password = "wrong-password" });

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Token_is_refused_with_401_for_an_unknown_email_and_for_a_user_without_password()
    {
        var withoutPassword = await _api.CreateUserAsync();
        using var anonymous = _api.Anonymous();

        var unknown = await anonymous.PostAsJsonAsync("/api/v1/auth/token", new { email = Unique.Email(), password = Api.Password });
        var noPassword = await anonymous.PostAsJsonAsync("/api/v1/auth/token", new { email = withoutPassword.Email, password = Api.Password });

        await ProblemAssert.IsProblemAsync(unknown, HttpStatusCode.Unauthorized);
        await ProblemAssert.IsProblemAsync(noPassword, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Token_request_without_email_and_password_lists_both_errors()
    {
        using var anonymous = _api.Anonymous();

        var response = await anonymous.PostAsJsonAsync("/api/v1/auth/token", new { });

        var keys = await ProblemAssert.IsValidationProblemAsync(response);
        Assert.Equal(["email", "password"], keys.Order());
    }

    [Fact]
    public async Task Account_is_locked_with_423_after_5_wrong_passwords_even_for_the_right_one()
    {
        var user = await _api.CreateUserAsync(new { name = Unique.Name(), email = Unique.Email(), password = Api.Password });
        using var anonymous = _api.Anonymous();

        for (var i = 1; i <= 4; i++)
        {
            var wrong = await anonymous.PostAsJsonAsync("/api/v1/auth/token", new { email = user.Email, password = $"wrong-{i}-password" });
            await ProblemAssert.IsProblemAsync(wrong, HttpStatusCode.Unauthorized);
        }
        var fifth = await anonymous.PostAsJsonAsync("/api/v1/auth/token", new { email = user.Email, password = "wrong-5-password" });
        var right = await anonymous.PostAsJsonAsync("/api/v1/auth/token", new { email = user.Email, password = Api.Password });

        await ProblemAssert.IsProblemAsync(fifth, (HttpStatusCode)423);
        await ProblemAssert.IsProblemAsync(right, (HttpStatusCode)423);
    }

    [Fact]
    public async Task A_forged_bearer_token_is_refused_with_401()
    {
        using var http = _api.WithToken("not-a-real-token");

        var response = await http.GetAsync("/api/v1/me");

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized);
    }
}
