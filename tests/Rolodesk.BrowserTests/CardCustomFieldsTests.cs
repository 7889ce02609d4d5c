using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Rolodesk.BrowserTests;

public sealed class CardCustomFieldsTests(AppFixture app)
{
    [Fact]
    public async Task Admin_fills_custom_fields_on_their_own_card_and_sees_them_after_saving()
    {
        var page = await app.NewPageAsync();
        var tag = Guid.NewGuid().ToString("N")[..6];
        var group = $"Profile {tag}";
        await page.GotoAsync("/sign-in");
        await page.Locator("input[name=email]").FillAsync(AppFixture.AdminEmail);
        await page.Locator("input[name=password]").FillAsync(AppFixture.AdminPassword);
        await page.Locator("button[type=submit]").ClickAsync();
        await Expect(page.GetByTestId("avatar-menu")).ToBeVisibleAsync();
        await page.GotoAsync("/contact-fields");
        await Expect(page.Locator("[data-testid=field-groups-users][data-interactive=true]")).ToHaveCountAsync(1);

        // A users group tied to Administrators, with a text and a number field they may edit.
        await page.GetByTestId("add-group").ClickAsync();
        await page.GetByTestId("group-name").FillAsync(group);
        await page.GetByTestId("group-user-groups").ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item", new() { HasTextString = "Administrators" }).ClickAsync();
        await page.Locator(".mud-dialog .mud-dialog-title").ClickAsync(new() { Force = true });
        await Expect(page.Locator(".mud-popover-open .mud-list-item")).ToHaveCountAsync(0);
        await page.GetByTestId("save").ClickAsync();
        var panel = page.Locator("[data-testid^=group-]", new() { Has = page.GetByText(group, new() { Exact = true }) }).First;
        await Expect(panel).ToContainTextAsync("Administrators");
        var groupId = (await panel.GetAttributeAsync("data-testid"))!["group-".Length..];

        await AddFieldAsync(page, groupId, $"Nickname {tag}", "Text");
        await AddFieldAsync(page, groupId, $"Desks {tag}", "Number", async () =>
        {
            await page.GetByTestId("number-min").FillAsync("5");
            await page.GetByTestId("number-max").FillAsync("100");
            await page.GetByTestId("number-step").FillAsync("5");
        });
        var (nickname, desks) = ($"nickname_{tag}", $"desks_{tag}");

        await AppFixture.OpenAccountMenuAsync(page);
        await page.GetByRole(AriaRole.Menuitem, new() { Name = "My card" }).ClickAsync();
        await Expect(page.GetByTestId($"cf-group-{groupId}")).ToContainTextAsync(group);
        await page.GetByTestId("edit").ClickAsync();
        await Expect(page.GetByTestId("save")).ToBeVisibleAsync();
        await page.GetByTestId($"cf-{nickname}").FillAsync("Boss");
        await page.GetByTestId($"cf-{desks}-plus").ClickAsync();
        await page.GetByTestId($"cf-{desks}-plus").ClickAsync();
        await Expect(page.GetByTestId($"cf-{desks}")).ToHaveValueAsync("10");
        await page.GetByTestId("save").ClickAsync();

        await Expect(page.GetByTestId("edit")).ToBeVisibleAsync();
        await Expect(page.GetByTestId($"cf-{nickname}")).ToHaveTextAsync(new Regex("Boss"));
        await Expect(page.GetByTestId($"cf-{desks}")).ToHaveTextAsync(new Regex(@"\b10\b"));
        await app.ScreenshotAsync(page, "16-card-custom-fields");
        // Saved, not just kept in the page: a reload reads them back.
        await page.ReloadAsync();
        await Expect(page.GetByTestId($"cf-{nickname}")).ToHaveTextAsync(new Regex("Boss"));
    }

    private static async Task AddFieldAsync(IPage page, string groupId, string name, string type, Func<Task>? settings = null)
    {
        await page.GetByTestId($"add-field-{groupId}").ClickAsync();
        await page.GetByTestId("field-name").FillAsync(name);
        await page.GetByTestId("field-type").ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item", new() { HasTextRegex = new Regex($@"^\s*{type}\s*$") }).First.ClickAsync();
        await Expect(page.Locator(".mud-dialog")).ToContainTextAsync($"{type} settings");
        if (settings is not null) await settings();
        var admins = page.Locator("tr[data-testid^=access-]").Filter(new() { HasTextRegex = new Regex(@"^\s*Administrators") });
        await admins.GetByText("Edit", new() { Exact = true }).ClickAsync();
        await page.GetByTestId("save").ClickAsync();
        await Expect(page.Locator(".mud-dialog")).ToHaveCountAsync(0);
    }
}
