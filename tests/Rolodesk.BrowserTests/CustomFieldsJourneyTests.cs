using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;
using static Rolodesk.BrowserTests.FieldSteps;

namespace Rolodesk.BrowserTests;

/// <summary>
/// Issue #3's journey: an administrator builds a users field group with one field of each type in
/// the UI, an agent fills a client's card through every editor and meets the mandatory error, and
/// the client, on their own card, does not see the field hidden from clients.
/// </summary>
public sealed class CustomFieldsJourneyTests(AppFixture app)
{
    [Fact]
    public async Task Admin_builds_every_type_agent_fills_a_card_through_each_editor_client_misses_the_hidden_field()
    {
        var tag = Guid.NewGuid().ToString("N")[..6];
        var group = $"Account {tag}";
        var f = new Keys(tag);

        // 1. The administrator: a group tied to Agents and Clients, one field of each type.
        var admin = await app.NewPageAsync();
        await SignInAsync(admin, AppFixture.AdminEmail, AppFixture.AdminPassword);
        await admin.GotoAsync("/contact-fields");
        await Expect(admin.Locator("[data-testid=field-groups-users][data-interactive=true]")).ToHaveCountAsync(1);
        var groupId = await AddGroupAsync(admin, group, "Agents", "Clients");
        // Agents edit every field and must fill the code; Clients see every field but the notes.
        (string, string)[] access = [("Agents", "Edit"), ("Clients", "Display")];
        await AddFieldAsync(admin, groupId, $"Code {tag}", "Text", null, ("Agents", "Mandatory"), ("Clients", "Display"));
        await AddFieldAsync(admin, groupId, $"Notes {tag}", "Multi-line text", null, ("Agents", "Edit"));
        await AddFieldAsync(admin, groupId, $"Tier {tag}", "Drop-down list", async () =>
        {
            await admin.GetByTestId("add-option").ClickAsync();
            await admin.GetByTestId("option-label-0").FillAsync("Gold");
            await admin.GetByTestId("add-option").ClickAsync();
            await admin.GetByTestId("option-label-1").FillAsync("Silver");
            // The default is chosen among the options just typed, with the card's own editor.
            await ChooseAsync(admin, "default-value", "Silver");
        }, access);
        await AddFieldAsync(admin, groupId, $"VIP {tag}", "Checkbox", null, access);
        await AddFieldAsync(admin, groupId, $"Since {tag}", "Date", null, access);
        await AddFieldAsync(admin, groupId, $"Seats {tag}", "Number", async () =>
        {
            await admin.GetByTestId("number-min").FillAsync("0");
            await admin.GetByTestId("number-max").FillAsync("10");
            await admin.GetByTestId("number-step").FillAsync("2");
        }, access);
        await AddFieldAsync(admin, groupId, $"Region {tag}", "Nested list", async () =>
        {
            await admin.GetByTestId("nested-add-root").ClickAsync();
            await admin.GetByTestId("nested-label-0").FillAsync("Europe");
            await admin.GetByTestId("nested-add-child-0").ClickAsync();
            await admin.GetByTestId("nested-label-0-0").FillAsync("France");
            await admin.GetByTestId("nested-add-sibling-0-0").ClickAsync();
            await admin.GetByTestId("nested-label-0-1").FillAsync("Spain");
        }, access);
        await Expect(admin.GetByTestId($"group-{groupId}")).ToContainTextAsync("7 fields");
        await Expect(admin.GetByTestId($"field-row-{f.Code}")).ToContainTextAsync("Agents: mandatory");
        await app.ScreenshotAsync(admin, "20-journey-field-group");

        // Setup through the API: an agent and a client who can sign in (the client gets the defaults).
        var api = await JourneyApi.SignInAsync(app);
        var (agentEmail, clientEmail, password) = ($"agent.{tag}@example.com", $"client.{tag}@example.com", "journey-pass-" + tag);
        await api.CreateUserAsync($"Agent {tag}", agentEmail, password, await api.GroupIdAsync("Agents"));
        var clientId = await api.CreateUserAsync($"Client {tag}", clientEmail, password, await api.GroupIdAsync("Clients"));

        // 2. The agent fills the client's card through each editor.
        var agent = await app.NewPageAsync();
        await SignInAsync(agent, agentEmail, password);
        await agent.GotoAsync($"/contacts/users/{clientId}");
        await Expect(agent.GetByTestId($"cf-group-{groupId}")).ToContainTextAsync(group);
        await Expect(agent.GetByTestId($"cf-{f.Tier}")).ToContainTextAsync("Silver");
        await ClickUntilVisibleAsync(agent, "edit", "save");
        await agent.GetByTestId($"cf-{f.Notes}").FillAsync("Prefers email.\nCalls on Mondays.");
        await ChooseAsync(agent, $"cf-{f.Tier}", "Gold");
        await agent.GetByTestId($"cf-{f.Vip}").CheckAsync();
        await agent.GetByTestId($"cf-{f.Since}").FillAsync("2026-03-15");
        await agent.GetByTestId($"cf-{f.Since}").PressAsync("Tab");
        for (var i = 0; i < 3; i++) await agent.GetByTestId($"cf-{f.Seats}-plus").ClickAsync();
        await Expect(agent.GetByTestId($"cf-{f.Seats}")).ToHaveValueAsync("4");
        await agent.GetByTestId($"cf-{f.Seats}-minus").ClickAsync();
        await agent.GetByTestId($"cf-{f.Seats}-plus").ClickAsync();
        await agent.GetByTestId($"cf-{f.Seats}-plus").ClickAsync();
        await Expect(agent.GetByTestId($"cf-{f.Seats}")).ToHaveValueAsync("6");
        await ChooseAsync(agent, $"cf-{f.Region}-level-0", "Europe");
        await ChooseAsync(agent, $"cf-{f.Region}-level-1", "France");

        // The mandatory field left empty: refused, the message under that very field.
        await agent.GetByTestId("save").ClickAsync();
        var code = agent.Locator(".mud-input-control", new() { Has = agent.GetByTestId($"cf-{f.Code}") });
        await Expect(code).ToContainTextAsync("Required.");
        await Expect(code).ToContainTextAsync($"Code {tag}");
        await app.ScreenshotAsync(agent, "21-journey-mandatory-error");
        await agent.GetByTestId($"cf-{f.Code}").FillAsync("C-42");
        await agent.GetByTestId("save").ClickAsync();
        await Expect(agent.GetByTestId("edit")).ToBeVisibleAsync();

        // Saved, not only kept in the page: a reload reads every value back.
        await agent.ReloadAsync();
        await ExpectShownAsync(agent, f, withNotes: true);
        await app.ScreenshotAsync(agent, "22-journey-card-values");

        // 3. The client, on their own card, sees the values but not the field hidden from clients.
        var client = await app.NewPageAsync();
        await SignInAsync(client, clientEmail, password);
        await AppFixture.OpenAccountMenuAsync(client);
        await client.GetByRole(AriaRole.Menuitem, new() { Name = "My card" }).ClickAsync();
        await Expect(client.GetByTestId("card-title")).ToHaveTextAsync($"Client {tag}");
        await ExpectShownAsync(client, f, withNotes: false);
        await Expect(client.GetByTestId($"cf-{f.Notes}")).ToHaveCountAsync(0);
        await Expect(client.GetByTestId($"cf-group-{groupId}")).Not.ToContainTextAsync($"Notes {tag}");
        await app.ScreenshotAsync(client, "23-journey-client-card");
    }

    private static async Task ExpectShownAsync(IPage page, Keys f, bool withNotes)
    {
        await Expect(page.GetByTestId($"cf-{f.Code}")).ToContainTextAsync("C-42");
        await Expect(page.GetByTestId($"cf-{f.Tier}")).ToContainTextAsync("Gold");
        await Expect(page.GetByTestId($"cf-{f.Vip}")).ToContainTextAsync(new Regex("true|Yes", RegexOptions.IgnoreCase));
        await Expect(page.GetByTestId($"cf-{f.Since}")).ToContainTextAsync("2026-03-15");
        await Expect(page.GetByTestId($"cf-{f.Seats}")).ToHaveTextAsync(new Regex(@"\b6\b"));
        await Expect(page.GetByTestId($"cf-{f.Region}")).ToContainTextAsync(new Regex("Europe.*France"));
        if (withNotes) await Expect(page.GetByTestId($"cf-{f.Notes}")).ToContainTextAsync("Calls on Mondays.");
    }

    /// <summary>The keys the dialog proposes from the field names.</summary>
    private sealed record Keys(string Tag)
    {
        public string Code => $"code_{Tag}";
        public string Notes => $"notes_{Tag}";
        public string Tier => $"tier_{Tag}";
        public string Vip => $"vip_{Tag}";
        public string Since => $"since_{Tag}";
        public string Seats => $"seats_{Tag}";
        public string Region => $"region_{Tag}";
    }
}
