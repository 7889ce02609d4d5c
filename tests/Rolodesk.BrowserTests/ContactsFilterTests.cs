using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Rolodesk.BrowserTests;

/// <summary>The Contacts list's Filter control: conditions as chips, the list reloading with them, paging intact.</summary>
public sealed class ContactsFilterTests(AppFixture app)
{
    [Fact]
    public async Task Admin_filters_users_by_a_drop_down_and_a_number_range_and_removes_a_condition()
    {
        var tag = string.Concat(Guid.NewGuid().ToString("N")[..8].Select(c => char.IsAsciiDigit(c) ? (char)('g' + c - '0') : c));
        var (tier, score) = await SeedAsync(tag);
        // Each condition reloads the table from the server; on a busy 2-core machine that can take more than the default 5 s.
        SetDefaultExpectTimeout(15_000);
        var page = await app.NewPageAsync();
        await page.GotoAsync("/contacts"); // to the sign-in page and back
        await page.Locator("input[name=email]").FillAsync(AppFixture.AdminEmail);
        await page.Locator("input[name=password]").FillAsync(AppFixture.AdminPassword);
        await page.Locator("button[type=submit]").ClickAsync();
        await Expect(page.GetByTestId("users-table")).ToContainTextAsync(AppFixture.AdminEmail);
        await page.GetByTestId("contacts-search").FillAsync(tag);
        // Only this test's users: the row count must not depend on what the table draws around them.
        var rows = page.GetByTestId("users-table").Locator("tbody tr").Filter(new() { HasTextString = tag });
        await Expect(rows).ToHaveCountAsync(4);

        // Tier is any of Gold: Ann, Cid, Dan.
        await page.GetByTestId("filter-open").ClickAsync();
        await ChooseAsync(page, "filter-field", tier);
        await ChooseAsync(page, "filter-value", "Gold");
        await page.GetByTestId("filter-editor").ClickAsync(new() { Position = new() { X = 5, Y = 5 } });
        await Expect(page.Locator(".mud-popover-open .mud-list-item")).ToHaveCountAsync(0);
        await page.GetByTestId("filter-add").ClickAsync();
        await Expect(page.GetByTestId("filter-chip")).ToContainTextAsync($"{tier} is Gold");
        await Expect(rows).ToHaveCountAsync(3);

        // And score between 5 and 10: Cid and Dan.
        await page.GetByTestId("filter-open").ClickAsync();
        await ChooseAsync(page, "filter-field", score);
        await page.GetByTestId("filter-from").FillAsync("5");
        await page.GetByTestId("filter-to").FillAsync("10");
        await page.GetByTestId("filter-to").PressAsync("Tab");
        await page.GetByTestId("filter-add").ClickAsync();
        await Expect(page.GetByTestId("filter-chip")).ToHaveCountAsync(2);
        await Expect(rows).ToHaveCountAsync(2);
        await Expect(rows.First).ToContainTextAsync($"Cid {tag}");
        await app.ScreenshotAsync(page, "20-contacts-filter");

        // Removing the tier chip keeps the range: Bob joins (score 7, Silver).
        await page.GetByTestId("filter-chip").First.Locator(".mud-chip-close-button").ClickAsync();
        await Expect(page.GetByTestId("filter-chip")).ToHaveCountAsync(1);
        await Expect(rows).ToHaveCountAsync(3);
        await Expect(page.GetByTestId("users-table")).ToContainTextAsync($"Bob {tag}");
    }

    private static async Task ChooseAsync(IPage page, string testId, string item)
    {
        await page.GetByTestId(testId).ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item", new() { HasTextRegex = new Regex($@"^\s*{Regex.Escape(item)}\s*$") }).First.ClickAsync();
    }

    /// <summary>Through the API: a users group for Clients with a drop-down and a number field, and four clients.</summary>
    private async Task<(string Tier, string Score)> SeedAsync(string tag)
    {
        using var http = new HttpClient { BaseAddress = new Uri(app.BaseUrl) };
        var token = await Read(await http.PostAsJsonAsync("/api/v1/auth/token", new { email = AppFixture.AdminEmail, password = AppFixture.AdminPassword }));
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.GetProperty("token").GetString());
        var groups = await Read(await http.GetAsync("/api/v1/user-groups"));
        int Group(string name) => groups.EnumerateArray().Single(g => g.GetProperty("name").GetString() == name).GetProperty("id").GetInt32();
        var group = await Read(await http.PostAsJsonAsync("/api/v1/field-groups", new { name = $"Loyalty {tag}", target = "users", userGroupIds = new[] { Group("Clients") } }));
        var access = new[] { new { userGroupId = Group("Administrators"), level = "edit" } };
        var (tier, score) = ($"Tier {tag}", $"Score {tag}");
        var options = new[] { new { id = "gold", label = "Gold" }, new { id = "silver", label = "Silver" } };
        var tierKey = (await Read(await http.PostAsJsonAsync("/api/v1/fields", new { name = tier, fieldGroupId = group.GetProperty("id").GetInt32(), type = "dropdown", settings = new { options }, access }))).GetProperty("key").GetString()!;
        var scoreKey = (await Read(await http.PostAsJsonAsync("/api/v1/fields", new { name = score, fieldGroupId = group.GetProperty("id").GetInt32(), type = "number", access }))).GetProperty("key").GetString()!;
        foreach (var (name, t, s) in new[] { ("Ann", "gold", 1), ("Bob", "silver", 7), ("Cid", "gold", 5), ("Dan", "gold", 10) })
            await Read(await http.PostAsJsonAsync("/api/v1/users", new
            {
                name = $"{name} {tag}",
                email = $"{name.ToLowerInvariant()}.{tag}@example.test",
                groupIds = new[] { Group("Clients") },
                customFields = new Dictionary<string, object> { [tierKey] = t, [scoreKey] = s },
            }));
        return (tier, score);
    }

    private static async Task<JsonElement> Read(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode} {response.RequestMessage?.RequestUri}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }
}
