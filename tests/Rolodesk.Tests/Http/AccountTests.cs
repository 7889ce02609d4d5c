using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using Rolodesk.Server.Features.Contacts;
using Rolodesk.Tests.Infrastructure;

namespace Rolodesk.Tests.Http;

/// <summary>The cookie sign-in of the web UI: a plain form post from the static sign-in page.</summary>
public sealed partial class AccountTests(RolodeskApp app)
{
    private readonly Api _api = app.Api;

    private HttpClient Browser() => app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    internal static async Task<HttpResponseMessage> SignInAsync(HttpClient browser, string email, string password, string returnUrl = "/")
    {
        var page = await browser.GetStringAsync("/sign-in");
        var token = AntiforgeryField().Match(page);
        Assert.True(token.Success, "the sign-in page has no antiforgery token");
        return await browser.PostAsync("/account/sign-in", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["email"] = email,
            ["password"] = password,
            ["returnUrl"] = returnUrl,
            ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token.Groups["v"].Value),
        }));
    }

    [Fact]
    public async Task Cookie_sign_in_opens_the_api_and_sign_out_closes_it()
    {
        var user = await _api.CreateUserAsync(new { name = Unique.Name(), email = Unique.Email(), password = Api.Password });
        using var browser = Browser();

        var signIn = await SignInAsync(browser, user.Email!, Api.Password, "/contacts");
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        Assert.Equal("/contacts", signIn.Headers.Location?.OriginalString);
        var me = await browser.GetFromJsonAsync<MeResponse>("/api/v1/me");
        Assert.Equal(user.Id, me!.User.Id);

        var signOut = await browser.PostAsync("/account/sign-out", null);
        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);
        await ProblemAssert.IsProblemAsync(await browser.GetAsync("/api/v1/me"), HttpStatusCode.Unauthorized);
    }

    [Theory]
    [InlineData("https://evil.example/")]
    [InlineData("//evil.example/")]
    public async Task Cookie_sign_in_never_redirects_off_site(string returnUrl)
    {
        var user = await _api.CreateUserAsync(new { name = Unique.Name(), email = Unique.Email(), password = Api.Password });
        using var browser = Browser();

        var signIn = await SignInAsync(browser, user.Email!, Api.Password, returnUrl);

        Assert.Equal("/", signIn.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task Cookie_sign_in_with_a_wrong_password_goes_back_to_the_sign_in_page_and_locks_after_5()
    {
        var user = await _api.CreateUserAsync(new { name = Unique.Name(), email = Unique.Email(), password = Api.Password });
        using var browser = Browser();

        var first = await SignInAsync(browser, user.Email!, "wrong-password");
        for (var i = 0; i < 4; i++) await SignInAsync(browser, user.Email!, "wrong-password");
        var locked = await SignInAsync(browser, user.Email!, Api.Password);

        Assert.StartsWith("/sign-in?error=refused", first.Headers.Location?.OriginalString);
        Assert.StartsWith("/sign-in?error=locked", locked.Headers.Location?.OriginalString);
        await ProblemAssert.IsProblemAsync(await browser.GetAsync("/api/v1/me"), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_page_without_sign_in_redirects_to_the_sign_in_page()
    {
        using var browser = Browser();

        var response = await browser.GetAsync("/");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/sign-in", response.Headers.Location?.PathAndQuery ?? response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task The_token_of_a_deleted_user_stops_working()
    {
        var client = await _api.ClientAsync();
        using var admin = await _api.AdminAsync();

        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/v1/users/{client.User.Id}")).StatusCode);

        await ProblemAssert.IsProblemAsync(await client.Http.GetAsync("/api/v1/me"), HttpStatusCode.Unauthorized);
    }

    [GeneratedRegex("""name="__RequestVerificationToken"[^>]*?value="(?<v>[^"]+)"|value="(?<v>[^"]+)"[^>]*?name="__RequestVerificationToken"[\s/>]""")]
    private static partial Regex AntiforgeryField();
}
