using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Rolodesk.BrowserTests;

public sealed partial class AccessFlowTests(AppFixture app)
{
    [Fact]
    public async Task A_client_given_a_password_signs_in_and_sees_only_their_own_card()
    {
        var tag = Guid.NewGuid().ToString("N")[..6];
        var (name, email, password) = ($"Grace Client {tag}", $"grace.{tag}@example.com", "client-pass-" + tag);

        var admin = await app.NewPageAsync();
        await SignInAsync(admin, AppFixture.AdminEmail, AppFixture.AdminPassword);
        await admin.GotoAsync("/contacts");
        await Expect(admin.GetByTestId("users-table")).ToContainTextAsync(AppFixture.AdminEmail);
        await admin.GetByTestId("new-user").ClickAsync();
        await admin.GetByTestId("user-name").FillAsync(name);
        await admin.GetByTestId("user-email").FillAsync(email);
        await admin.GetByTestId("user-password").FillAsync("short");
        await admin.GetByTestId("save").ClickAsync();
        await Expect(admin.Locator(".mud-dialog .mud-input-helper-text.mud-input-error")).ToContainTextAsync("at least 8");
        await admin.GetByTestId("user-password").FillAsync(password);
        await admin.GetByTestId("save").ClickAsync();
        await Expect(admin.Locator(".mud-dialog")).ToHaveCountAsync(0);

        await admin.GotoAsync("/settings/user-groups");
        await Expect(admin.GetByTestId("rights-matrix")).ToContainTextAsync("user-groups.manage");
        await app.ScreenshotAsync(admin, "07-user-groups");

        var client = await app.NewPageAsync();
        await SignInAsync(client, email, password);
        await Expect(client.GetByRole(AriaRole.Navigation)).Not.ToContainTextAsync("Contacts");
        await Expect(client.GetByRole(AriaRole.Navigation)).Not.ToContainTextAsync("Settings");

        await client.GotoAsync("/contacts");
        await Expect(client.GetByTestId("forbidden")).ToBeVisibleAsync();
        await client.GotoAsync("/settings/user-groups");
        await Expect(client.GetByTestId("forbidden")).ToBeVisibleAsync();

        await AppFixture.OpenAccountMenuAsync(client);
        await client.GetByRole(AriaRole.Menuitem, new() { Name = "My card" }).ClickAsync();
        await Expect(client.GetByTestId("card-title")).ToHaveTextAsync(name);
        await app.ScreenshotAsync(client, "08-client-own-card");
    }

    private static async Task SignInAsync(IPage page, string email, string password)
    {
        await page.GotoAsync("/sign-in");
        await page.Locator("input[name=email]").FillAsync(email);
        await page.Locator("input[name=password]").FillAsync(password);
        await page.Locator("button[type=submit]").ClickAsync();
        await Expect(page).Not.ToHaveURLAsync(SignInUrl());
        await Expect(page.GetByTestId("avatar-menu")).ToBeVisibleAsync();
    }

    [GeneratedRegex("/sign-in")]
    private static partial Regex SignInUrl();
}
