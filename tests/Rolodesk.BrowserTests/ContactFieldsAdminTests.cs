using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Rolodesk.BrowserTests;

public sealed partial class ContactFieldsAdminTests(AppFixture app)
{
    [Fact]
    public async Task Admin_builds_a_users_field_group_with_fields_then_renames_archives_restores_it_and_reads_the_audit_log()
    {
        var page = await app.NewPageAsync();
        var tag = Guid.NewGuid().ToString("N")[..6];
        var (group, renamed) = ($"Support {tag}", $"Support desk {tag}");

        await page.GotoAsync("/contact-fields");
        await Expect(page).ToHaveURLAsync(SignInUrl());
        await page.Locator("input[name=email]").FillAsync(AppFixture.AdminEmail);
        await page.Locator("input[name=password]").FillAsync(AppFixture.AdminPassword);
        await page.Locator("button[type=submit]").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/contact-fields$"));
        await Expect(page.Locator("[data-testid=field-groups-users][data-interactive=true]")).ToHaveCountAsync(1);

        // A users group tied to Agents.
        await page.GetByTestId("add-group").ClickAsync();
        await page.GetByTestId("group-name").FillAsync(group);
        await page.GetByTestId("group-user-groups").ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item", new() { HasTextString = "Agents" }).ClickAsync();
        // Escape would close the dialog too: a click on its title lands on the select's overlay and closes the list.
        await page.Locator(".mud-dialog .mud-dialog-title").ClickAsync(new() { Force = true });
        await Expect(page.Locator(".mud-popover-open .mud-list-item")).ToHaveCountAsync(0);
        await page.GetByTestId("save").ClickAsync();
        var panel = page.Locator("[data-testid^=group-]", new() { Has = page.GetByText(group, new() { Exact = true }) }).First;
        await Expect(panel).ToContainTextAsync("Agents");
        var groupId = (await panel.GetAttributeAsync("data-testid"))!["group-".Length..];

        // A drop-down with two options, editable by Agents.
        await page.GetByTestId($"add-field-{groupId}").ClickAsync();
        await page.GetByTestId("field-name").FillAsync($"Priority {tag}");
        await Expect(page.GetByTestId("field-key")).ToHaveValueAsync($"priority_{tag}");
        await ChooseAsync(page, "field-type", "Drop-down list");
        await Expect(page.Locator(".mud-dialog")).ToContainTextAsync("Drop-down list settings");
        await page.GetByTestId("add-option").ClickAsync();
        await page.GetByTestId("option-label-0").FillAsync("High");
        await page.GetByTestId("add-option").ClickAsync();
        await page.GetByTestId("option-label-1").FillAsync("Low");
        await Expect(page.GetByTestId("option-id-1")).ToHaveValueAsync("low");
        var agents = page.Locator("tr[data-testid^=access-]").Filter(new() { HasTextRegex = new Regex(@"^\s*Agents") });
        await agents.GetByText("Edit", new() { Exact = true }).ClickAsync();
        await app.ScreenshotAsync(page, "11-add-field-dialog");
        await page.GetByTestId("save").ClickAsync();
        await Expect(page.Locator(".mud-dialog")).ToHaveCountAsync(0);
        var priority = page.GetByTestId($"field-row-priority_{tag}");
        await Expect(priority).ToContainTextAsync("Drop-down list");
        await Expect(priority).ToContainTextAsync("Agents: edit");

        // Editing: the key and saved option ids are fixed; archiving an option keeps it listed.
        await page.GetByTestId($"edit-field-priority_{tag}").ClickAsync();
        await Expect(page.GetByTestId("field-key")).ToHaveAttributeAsync("readonly", "");
        await Expect(page.GetByTestId("option-id-0")).ToHaveAttributeAsync("readonly", "");
        await page.GetByTestId("option-archive-1").ClickAsync();
        await app.ScreenshotAsync(page, "15-edit-field-dialog");
        await page.GetByTestId("save").ClickAsync();
        await Expect(page.Locator(".mud-dialog")).ToHaveCountAsync(0);

        // A number whose max is below its min is refused next to the input, then fixed.
        await page.GetByTestId($"add-field-{groupId}").ClickAsync();
        await page.GetByTestId("field-name").FillAsync($"Seats {tag}");
        await ChooseAsync(page, "field-type", "Number");
        await Expect(page.Locator(".mud-dialog")).ToContainTextAsync("Number settings");
        await page.GetByTestId("number-min").FillAsync("10");
        await page.GetByTestId("number-max").FillAsync("5");
        await page.GetByTestId("number-step").FillAsync("5");
        await page.GetByTestId("save").ClickAsync();
        await Expect(page.Locator(".mud-dialog .mud-input-helper-text.mud-input-error")).ToContainTextAsync("Must be greater than min.");
        await page.GetByTestId("number-max").FillAsync("100");
        await page.GetByTestId("save").ClickAsync();
        await Expect(page.Locator(".mud-dialog")).ToHaveCountAsync(0);
        await Expect(page.GetByTestId($"field-row-seats_{tag}")).ToContainTextAsync("Number");
        await Expect(panel).ToContainTextAsync("2 fields");
        await app.ScreenshotAsync(page, "10-contact-fields");

        // Rename, archive, restore.
        await page.GetByTestId($"edit-group-{groupId}").ClickAsync();
        await page.GetByTestId("group-name").FillAsync(renamed);
        await page.GetByTestId("save").ClickAsync();
        await Expect(page.GetByTestId($"group-title-{groupId}")).ToHaveTextAsync(renamed);
        await page.GetByTestId($"archive-group-{groupId}").ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Archive", Exact = true }).ClickAsync();
        await Expect(page.GetByTestId($"group-{groupId}")).ToHaveCountAsync(0);
        await page.GetByTestId("show-archived").ClickAsync();
        await page.GetByTestId($"restore-group-{groupId}").ClickAsync();
        await Expect(page.GetByTestId($"archive-group-{groupId}")).ToBeVisibleAsync();

        await page.GetByTestId("audit-log").ClickAsync();
        var audit = page.GetByTestId("audit-table");
        await Expect(audit).ToContainTextAsync("restored");
        await Expect(audit).ToContainTextAsync("archived");
        await Expect(audit).ToContainTextAsync($"name: '{group}' → '{renamed}'");
        await Expect(audit).ToContainTextAsync($"Field 'Seats {tag}'");
        await app.ScreenshotAsync(page, "12-contact-fields-audit");
    }

    [Fact]
    public async Task Admin_builds_a_nested_company_field_then_purges_it_and_its_group()
    {
        var page = await app.NewPageAsync();
        var tag = Guid.NewGuid().ToString("N")[..6];
        var group = $"Locations {tag}";
        await SignInAsync(page);
        await page.GetByTestId("companies-tab").ClickAsync();
        await Expect(page.Locator("[data-testid=field-groups-companies][data-interactive=true]")).ToHaveCountAsync(1);

        await page.GetByTestId("add-group").ClickAsync();
        await Expect(page.GetByTestId("group-user-groups")).ToHaveCountAsync(0);
        await page.GetByTestId("group-name").FillAsync(group);
        await page.GetByTestId("save").ClickAsync();
        var panel = page.Locator("[data-testid^=group-]", new() { Has = page.GetByText(group, new() { Exact = true }) }).First;
        var groupId = (await panel.GetAttributeAsync("data-testid"))!["group-".Length..];

        // A tree of two levels; a single level is refused first.
        await page.GetByTestId($"add-field-{groupId}").ClickAsync();
        await page.GetByTestId("field-name").FillAsync($"Region {tag}");
        await ChooseAsync(page, "field-type", "Nested list");
        await Expect(page.Locator(".mud-dialog")).ToContainTextAsync("Nested list settings");
        await page.GetByTestId("nested-add-root").ClickAsync();
        await page.GetByTestId("nested-label-0").FillAsync("Europe");
        await page.GetByTestId("save").ClickAsync();
        await Expect(page.Locator(".mud-dialog")).ToContainTextAsync("two levels or more");
        await page.GetByTestId("nested-add-child-0").ClickAsync();
        await page.GetByTestId("nested-label-0-0").FillAsync("France");
        await page.GetByTestId("nested-add-sibling-0-0").ClickAsync();
        await page.GetByTestId("nested-label-0-1").FillAsync("Ürdingen Land");
        await Expect(page.GetByTestId("nested-id-0-1")).ToHaveValueAsync("urdingen-land");
        await page.GetByTestId("nested-leaf-required").ClickAsync();
        await app.ScreenshotAsync(page, "13-nested-field-dialog");
        await page.GetByTestId("save").ClickAsync();
        await Expect(page.Locator(".mud-dialog")).ToHaveCountAsync(0);
        var key = $"region_{tag}";
        await Expect(page.GetByTestId($"field-row-{key}")).ToContainTextAsync("Nested list");

        // Purging needs the field archived, then its key typed again.
        await page.GetByTestId($"archive-field-{key}").ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Archive", Exact = true }).ClickAsync();
        await page.GetByTestId("show-archived").ClickAsync();
        await page.GetByTestId($"purge-field-{key}").ClickAsync();
        await Expect(page.GetByTestId("save")).ToBeDisabledAsync();
        await page.GetByTestId("confirm-input").FillAsync(key);
        await page.GetByTestId("save").ClickAsync();
        await Expect(page.GetByTestId($"field-row-{key}")).ToHaveCountAsync(0);

        await page.GetByTestId($"archive-group-{groupId}").ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Archive", Exact = true }).ClickAsync();
        await page.GetByTestId($"purge-group-{groupId}").ClickAsync();
        await page.GetByTestId("confirm-input").FillAsync(group);
        await app.ScreenshotAsync(page, "14-purge-group");
        await page.GetByTestId("save").ClickAsync();
        await Expect(page.GetByTestId($"group-{groupId}")).ToHaveCountAsync(0);

        await page.GetByTestId("audit-log").ClickAsync();
        await Expect(page.GetByTestId("audit-table")).ToContainTextAsync("purged");
    }

    private static async Task SignInAsync(IPage page)
    {
        await page.GotoAsync("/sign-in");
        await page.Locator("input[name=email]").FillAsync(AppFixture.AdminEmail);
        await page.Locator("input[name=password]").FillAsync(AppFixture.AdminPassword);
        await page.Locator("button[type=submit]").ClickAsync();
        await Expect(page.GetByTestId("avatar-menu")).ToBeVisibleAsync();
        await page.GotoAsync("/contact-fields");
        await Expect(page.Locator("[data-testid=field-groups-users][data-interactive=true]")).ToHaveCountAsync(1);
    }

    private static async Task ChooseAsync(IPage page, string testId, string item)
    {
        await page.GetByTestId(testId).ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item", new() { HasTextString = item }).First.ClickAsync();
    }

    [GeneratedRegex("/sign-in")]
    private static partial Regex SignInUrl();
}
