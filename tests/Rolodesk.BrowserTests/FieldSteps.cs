using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Rolodesk.BrowserTests;

/// <summary>Steps of the custom fields journeys, as a person does them in the browser.</summary>
internal static partial class FieldSteps
{
    public static async Task SignInAsync(IPage page, string email, string password)
    {
        await page.GotoAsync("/sign-in");
        await page.Locator("input[name=email]").FillAsync(email);
        await page.Locator("input[name=password]").FillAsync(password);
        await page.Locator("button[type=submit]").ClickAsync();
        await Expect(page).Not.ToHaveURLAsync(SignInUrl());
        await Expect(page.GetByTestId("avatar-menu")).ToBeVisibleAsync();
    }

    /// <summary>Adds a field group on the open tab, tied to these user groups (none for companies); returns its id.</summary>
    public static async Task<string> AddGroupAsync(IPage page, string name, params string[] userGroups)
    {
        await page.GetByTestId("add-group").ClickAsync();
        await page.GetByTestId("group-name").FillAsync(name);
        if (userGroups.Length > 0)
        {
            await page.GetByTestId("group-user-groups").ClickAsync();
            foreach (var g in userGroups)
                await page.Locator(".mud-popover-open .mud-list-item", new() { HasTextRegex = new Regex($@"^\s*{g}\s*$") }).ClickAsync();
            // Escape would close the dialog too: a click on its title lands on the select's overlay and closes the list.
            await page.Locator(".mud-dialog .mud-dialog-title").ClickAsync(new() { Force = true });
            await Expect(page.Locator(".mud-popover-open .mud-list-item")).ToHaveCountAsync(0);
        }
        await page.GetByTestId("save").ClickAsync();
        await Expect(page.Locator(".mud-dialog")).ToHaveCountAsync(0);
        var panel = page.Locator("[data-testid^=group-]", new() { Has = page.GetByText(name, new() { Exact = true }) }).First;
        if (userGroups.Length > 0) await Expect(panel).ToContainTextAsync(userGroups[0]);
        return (await panel.GetAttributeAsync("data-testid"))!["group-".Length..];
    }

    /// <summary>Adds a field through the "Add field" dialog, with these (user group, level) access entries; other groups get none.</summary>
    public static async Task AddFieldAsync(IPage page, string groupId, string name, string type, Func<Task>? settings,
        params (string UserGroup, string Level)[] access)
    {
        await page.GetByTestId($"add-field-{groupId}").ClickAsync();
        await page.GetByTestId("field-name").FillAsync(name);
        await page.GetByTestId("field-type").ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item", new() { HasTextRegex = new Regex($@"^\s*{type}\s*$") }).First.ClickAsync();
        // The server re-renders the settings and the default value's editor for the type: wait for it before typing into them.
        await Expect(page.Locator(".mud-dialog")).ToContainTextAsync($"{type} settings");
        if (settings is not null) await settings();
        foreach (var (userGroup, level) in access) await SetLevelAsync(page, userGroup, level);
        await page.GetByTestId("save").ClickAsync();
        try
        {
            await Expect(page.Locator(".mud-dialog")).ToHaveCountAsync(0);
        }
        catch (PlaywrightException e)
        {
            // Say what the dialog shows (an inline error names the field that kept it open).
            throw new InvalidOperationException($"The field dialog for '{name}' stayed open: {await page.Locator(".mud-dialog").First.InnerTextAsync()}", e);
        }
    }

    public static async Task SetLevelAsync(IPage page, string userGroup, string level)
    {
        var row = page.Locator("tr[data-testid^=access-]").Filter(new() { HasTextRegex = new Regex($@"^\s*{userGroup}") });
        await row.GetByText(level, new() { Exact = true }).ClickAsync();
    }

    /// <summary>Opens the select with this data-testid and clicks the option with this label.</summary>
    public static async Task ChooseAsync(IPage page, string testId, string option)
    {
        await page.GetByTestId(testId).ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item", new() { HasTextRegex = new Regex($@"^\s*{Regex.Escape(option)}\s*$") }).First.ClickAsync();
        await Expect(page.Locator(".mud-popover-open .mud-list-item")).ToHaveCountAsync(0);
    }

    /// <summary>
    /// Clicks a button until what it opens appears: after a full page load the card is prerendered
    /// HTML, and a click before the Blazor circuit is connected does nothing.
    /// </summary>
    public static async Task ClickUntilVisibleAsync(IPage page, string buttonTestId, string expectedTestId)
    {
        var expected = page.GetByTestId(expectedTestId);
        for (var attempt = 0; attempt < 20; attempt++)
        {
            if (await page.GetByTestId(buttonTestId).IsVisibleAsync()) await page.GetByTestId(buttonTestId).ClickAsync();
            try
            {
                await expected.WaitForAsync(new() { State = WaitForSelectorState.Visible, Timeout = 1500 });
                return;
            }
            catch (Exception e) when (e is System.TimeoutException or PlaywrightException) { /* not interactive yet */ }
        }
        await Expect(expected).ToBeVisibleAsync();
    }

    [GeneratedRegex("/sign-in")]
    private static partial Regex SignInUrl();
}
