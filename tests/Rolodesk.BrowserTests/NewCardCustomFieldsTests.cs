using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;
using static Rolodesk.BrowserTests.FieldSteps;

namespace Rolodesk.BrowserTests;

/// <summary>Default values: set in the field dialog (refused inline when the settings rule them out), pre-filled in "New user".</summary>
public sealed class NewCardCustomFieldsTests(AppFixture app)
{
    [Fact]
    public async Task Admin_sets_defaults_in_the_field_dialog_and_new_user_prefills_them_for_the_chosen_groups()
    {
        var tag = Guid.NewGuid().ToString("N")[..6];
        var (group, channel, budget) = ($"Intake {tag}", $"channel_{tag}", $"budget_{tag}");
        var page = await app.NewPageAsync();
        await SignInAsync(page, AppFixture.AdminEmail, AppFixture.AdminPassword);
        await page.GotoAsync("/contact-fields");
        await Expect(page.Locator("[data-testid=field-groups-users][data-interactive=true]")).ToHaveCountAsync(1);
        var groupId = await AddGroupAsync(page, group, "Agents");
        await AddFieldAsync(page, groupId, $"Channel {tag}", "Drop-down list", async () =>
        {
            await page.GetByTestId("add-option").ClickAsync();
            await page.GetByTestId("option-label-0").FillAsync("Email");
            await page.GetByTestId("add-option").ClickAsync();
            await page.GetByTestId("option-label-1").FillAsync("Phone");
            await ChooseAsync(page, "default-value", "Phone");
        }, ("Administrators", "Edit"));

        // A default the settings then rule out is refused by the writer, next to the default's editor.
        await page.GetByTestId($"add-field-{groupId}").ClickAsync();
        await page.GetByTestId("field-name").FillAsync($"Budget {tag}");
        await ChooseAsync(page, "field-type", "Number");
        await Expect(page.Locator(".mud-dialog")).ToContainTextAsync("Number settings");
        await page.GetByTestId("number-min").FillAsync("0");
        await page.GetByTestId("number-max").FillAsync("10");
        for (var i = 0; i < 3; i++) await page.GetByTestId("default-value-plus").ClickAsync();
        await Expect(page.GetByTestId("default-value")).ToHaveValueAsync("2");
        await page.GetByTestId("number-max").FillAsync("1");
        await SetLevelAsync(page, "Administrators", "Mandatory");
        await page.GetByTestId("save").ClickAsync();
        var defaultEditor = page.Locator(".mud-dialog .mud-input-control", new() { Has = page.GetByTestId("default-value") });
        await Expect(defaultEditor).ToContainTextAsync("Must be at most 1.");
        await app.ScreenshotAsync(page, "24-field-dialog-default-refused");
        await page.GetByTestId("default-value-minus").ClickAsync();
        await Expect(page.GetByTestId("default-value")).ToHaveValueAsync("1");
        await page.GetByTestId("save").ClickAsync();
        await Expect(page.Locator(".mud-dialog")).ToHaveCountAsync(0);

        // "New user" starts in Clients: the group is tied to Agents only, so no fields yet.
        await page.GotoAsync("/contacts");
        await Expect(page.GetByTestId("users-table")).ToContainTextAsync(AppFixture.AdminEmail);
        await page.GetByTestId("new-user").ClickAsync();
        await Expect(page.GetByTestId("user-name")).ToBeVisibleAsync();
        await Expect(page.GetByTestId($"cf-{channel}")).ToHaveCountAsync(0);
        await ToggleGroupAsync(page, "Agents");
        await Expect(page.GetByTestId($"cf-{channel}")).ToHaveValueAsync("Phone");
        await Expect(page.GetByTestId($"cf-{budget}")).ToHaveValueAsync("1");

        // What was typed survives ticking the group off and on again.
        await ChooseAsync(page, $"cf-{channel}", "Email");
        await page.GetByTestId($"cf-{budget}").FillAsync("");
        await page.GetByTestId($"cf-{budget}").BlurAsync();
        await ToggleGroupAsync(page, "Agents");
        await Expect(page.GetByTestId($"cf-{channel}")).ToHaveCountAsync(0);
        await ToggleGroupAsync(page, "Agents");
        await Expect(page.GetByTestId($"cf-{channel}")).ToHaveValueAsync("Email");

        // The mandatory budget left empty: refused inline, then filled with the counter.
        var email = $"new.{tag}@example.com";
        await page.GetByTestId("user-name").FillAsync($"New {tag}");
        await page.GetByTestId("user-email").FillAsync(email);
        await page.GetByTestId("save").ClickAsync();
        var budgetEditor = page.Locator(".mud-dialog .mud-input-control", new() { Has = page.GetByTestId($"cf-{budget}") });
        await Expect(budgetEditor).ToContainTextAsync("Required.");
        await app.ScreenshotAsync(page, "25-new-user-custom-fields");
        await page.GetByTestId($"cf-{budget}-plus").ClickAsync();
        await page.GetByTestId("save").ClickAsync();
        await Expect(page.Locator(".mud-dialog")).ToHaveCountAsync(0);

        var id = await (await JourneyApi.SignInAsync(app)).UserIdAsync(email);
        await page.GotoAsync($"/contacts/users/{id}");
        await Expect(page.GetByTestId($"cf-{channel}")).ToContainTextAsync("Email");
        await Expect(page.GetByTestId($"cf-{budget}")).ToHaveTextAsync(new Regex(@"\b0\b"));

        // Editing the card: the fields follow the groups ticked on the form before saving, the stored value comes back.
        await ClickUntilVisibleAsync(page, "edit", "save"); // the card is prerendered: a click before the circuit is live is lost
        await Expect(page.GetByTestId($"cf-{channel}")).ToHaveValueAsync("Email");
        await ToggleGroupAsync(page, "Agents", "[data-testid=card-title]");
        await Expect(page.GetByTestId($"cf-{channel}")).ToHaveCountAsync(0);
        await ToggleGroupAsync(page, "Agents", "[data-testid=card-title]");
        await Expect(page.GetByTestId($"cf-{channel}")).ToHaveValueAsync("Email");
    }

    [Fact]
    public async Task New_company_shows_the_company_fields_with_their_defaults_and_saves_them()
    {
        var tag = Guid.NewGuid().ToString("N")[..6];
        var (company, size, plan) = ($"Globex {tag}", $"size_{tag}", $"plan_{tag}");
        var page = await app.NewPageAsync();
        await SignInAsync(page, AppFixture.AdminEmail, AppFixture.AdminPassword);
        await page.GotoAsync("/contact-fields");
        await Expect(page.Locator("[data-testid=field-groups-users][data-interactive=true]")).ToHaveCountAsync(1);
        await page.GetByTestId("companies-tab").ClickAsync();
        await Expect(page.Locator("[data-testid=field-groups-companies][data-interactive=true]")).ToHaveCountAsync(1);
        var groupId = await AddGroupAsync(page, $"Profile {tag}");
        await AddFieldAsync(page, groupId, $"Size {tag}", "Text", async () =>
        {
            await FillDefaultAsync(page, "Medium");
        }, ("Administrators", "Edit"));
        // Display only: the default is shown, but the administrator cannot change it here.
        await AddFieldAsync(page, groupId, $"Plan {tag}", "Text", async () =>
        {
            await FillDefaultAsync(page, "Basic");
        }, ("Administrators", "Display"));

        await page.GotoAsync("/contacts");
        await Expect(page.GetByTestId("users-table")).ToContainTextAsync(AppFixture.AdminEmail);
        await page.GetByTestId("companies-tab").ClickAsync();
        await page.GetByTestId("new-company").ClickAsync();
        await Expect(page.GetByTestId($"cf-{size}")).ToHaveValueAsync("Medium");
        await Expect(page.GetByTestId($"cf-{plan}")).ToContainTextAsync("Basic");
        await Expect(page.Locator($"input[data-testid=cf-{plan}], textarea[data-testid=cf-{plan}]")).ToHaveCountAsync(0);
        await page.GetByTestId("company-name").FillAsync(company);
        await page.GetByTestId($"cf-{size}").FillAsync("Large");
        await app.ScreenshotAsync(page, "26-new-company-custom-fields");
        await page.GetByTestId("save").ClickAsync();
        await Expect(page.Locator(".mud-dialog")).ToHaveCountAsync(0);

        await page.GetByTestId("companies-table").GetByText(company).ClickAsync();
        await Expect(page.GetByTestId("card-title")).ToHaveTextAsync(company);
        await Expect(page.GetByTestId($"cf-{size}")).ToContainTextAsync("Large");
        await Expect(page.GetByTestId($"cf-{plan}")).ToContainTextAsync("Basic");
    }

    /// <summary>
    /// Types a text default and waits until the server holds it ("No default" turns enabled): the field's value reaches
    /// the server on blur, and a save clicked before that would go without it.
    /// </summary>
    private static async Task FillDefaultAsync(IPage page, string value)
    {
        await page.GetByTestId("default-value").FillAsync(value);
        await page.GetByTestId("default-value").BlurAsync();
        await Expect(page.GetByTestId("default-clear")).ToBeEnabledAsync();
    }

    /// <summary>Ticks or unticks a user group in the "New user" dialog, then closes the list.</summary>
    /// <param name="closeOn">What to click to close the list: it lands on the select's overlay (Escape would close a dialog too).</param>
    private static async Task ToggleGroupAsync(IPage page, string userGroup, string closeOn = ".mud-dialog .mud-dialog-title")
    {
        await page.GetByTestId("user-groups").ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item", new() { HasTextRegex = new Regex($@"^\s*{userGroup}\s*$") }).ClickAsync();
        await page.Locator(closeOn).ClickAsync(new() { Force = true });
        await Expect(page.Locator(".mud-popover-open .mud-list-item")).ToHaveCountAsync(0);
    }
}
