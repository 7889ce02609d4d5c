using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Rolodesk.BrowserTests;

public sealed partial class ContactsFlowTests(AppFixture app)
{
    [Fact]
    public async Task Admin_creates_a_company_and_a_user_finds_the_user_and_signs_out()
    {
        var page = await app.NewPageAsync();
        var tag = Guid.NewGuid().ToString("N")[..6];
        var (company, user, email) = ($"Acme {tag}", $"Ada Lovelace {tag}", $"ada.{tag}@example.com");

        await page.GotoAsync("/contacts");
        await Expect(page).ToHaveURLAsync(SignInUrl());
        await app.ScreenshotAsync(page, "01-sign-in");
        await page.Locator("input[name=email]").FillAsync(AppFixture.AdminEmail);
        await page.Locator("input[name=password]").FillAsync(AppFixture.AdminPassword);
        await page.Locator("button[type=submit]").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/contacts$"));
        // The table loads its rows only once the circuit is interactive: wait for it before clicking.
        await Expect(page.GetByTestId("users-table")).ToContainTextAsync(AppFixture.AdminEmail);

        await page.GetByTestId("companies-tab").ClickAsync();
        await page.GetByTestId("new-company").ClickAsync();
        await page.GetByTestId("save").ClickAsync();
        await Expect(page.Locator(".mud-dialog")).ToContainTextAsync("Required.");
        await page.GetByTestId("company-name").FillAsync(company);
        await page.GetByTestId("company-domain").FillAsync($"acme-{tag}.example.com");
        await page.GetByTestId("save").ClickAsync();
        await Expect(page.GetByTestId("companies-table")).ToContainTextAsync(company);

        await page.GetByTestId("users-tab").ClickAsync();
        await page.GetByTestId("new-user").ClickAsync();
        await page.GetByTestId("user-name").FillAsync(user);
        await page.GetByTestId("user-email").FillAsync(email);
        await page.GetByTestId("user-phone").FillAsync("+44 20 7946 0000");
        await page.GetByTestId("user-company").FillAsync(company);
        await page.Locator(".mud-popover-open .mud-list-item", new() { HasText = company }).ClickAsync();
        await app.ScreenshotAsync(page, "02-new-user");
        await page.GetByTestId("save").ClickAsync();
        await Expect(page.Locator(".mud-dialog")).ToHaveCountAsync(0);

        await page.GetByTestId("contacts-search").FillAsync(tag);
        var rows = page.GetByTestId("users-table").Locator("tbody tr");
        await Expect(rows).ToHaveCountAsync(1);
        await Expect(rows.First).ToContainTextAsync(email);
        await Expect(rows.First).ToContainTextAsync(company);
        await app.ScreenshotAsync(page, "03-contacts-list");

        await rows.First.ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex(@"/contacts/users/\d+$"));
        await Expect(page.GetByTestId("card-title")).ToHaveTextAsync(user);
        await Expect(page.GetByTestId("card-company")).ToHaveTextAsync(company);
        await app.ScreenshotAsync(page, "04-user-card");

        await page.GetByTestId("edit").ClickAsync();
        await page.GetByTestId("user-email").FillAsync(AppFixture.AdminEmail);
        await page.GetByTestId("save").ClickAsync();
        await Expect(page.GetByTestId("problem")).ToContainTextAsync("already in use");
        await page.GetByTestId("user-email").FillAsync("not-an-email");
        await page.GetByTestId("save").ClickAsync();
        await Expect(page.Locator(".mud-input-helper-text.mud-input-error")).ToContainTextAsync("Not a valid email address.");
        await app.ScreenshotAsync(page, "05-user-edit-errors");
        await page.GetByTestId("user-email").FillAsync("ada." + tag + "@example.org");
        await page.GetByTestId("save").ClickAsync();
        await Expect(page.GetByTestId("card-email")).ToHaveTextAsync("ada." + tag + "@example.org");

        await page.GetByTestId("card-company").GetByRole(AriaRole.Link).ClickAsync();
        await Expect(page.GetByTestId("card-title")).ToHaveTextAsync(company);
        await Expect(page.GetByTestId("company-users")).ToContainTextAsync(user);
        await app.ScreenshotAsync(page, "06-company-card");

        // The avatar menu belongs to the main layout.
        await AppFixture.OpenAccountMenuAsync(page);
        await page.GetByTestId("sign-out").ClickAsync();
        await Expect(page).ToHaveURLAsync(SignInUrl());
    }

    [GeneratedRegex("/sign-in")]
    private static partial Regex SignInUrl();
}
