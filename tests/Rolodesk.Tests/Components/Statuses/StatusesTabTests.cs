using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Rolodesk.Data.Statuses;
using Rolodesk.Server.Components.Pages.Statuses;
using Rolodesk.Server.Features.Access;
using Rolodesk.Server.Features.Statuses;
using Rolodesk.Tests.Infrastructure;

namespace Rolodesk.Tests.Components.Statuses;

/// <summary>The "User statuses" tab of Contact fields, on the real StatusWriter.</summary>
public sealed class StatusesTabTests(RolodeskApp app) : StatusPageContext(app)
{
    private async Task<(IRenderedComponent<StatusesTab> Tab, UserAccess Admin)> RenderTabAsync()
    {
        var admin = await SignInAsAsync(await AdminIdAsync());
        var tab = Render<StatusesTab>(ps => ps.Add(p => p.Actor, admin));
        tab.WaitForElement("[data-testid=statuses-list]");
        return (tab, admin);
    }

    private static string Row(IRenderedComponent<StatusesTab> tab, string name) =>
        tab.Find($"tr[data-status-name='{name}']").GetAttribute("data-testid")!["status-".Length..];

    [Fact]
    public async Task Adding_a_status_shows_it_in_the_list_with_its_colour()
    {
        var (tab, _) = await RenderTabAsync();
        var name = Unique.Name("Lunch");
        tab.Find("[data-testid=add-status]").Click();
        Dialogs.WaitForElement("input[data-testid=status-name]").Change(name);
        Dialogs.Find("[data-testid=status-color] input").Change("#8e24aa");
        Dialogs.Find("[data-testid=save]").Click();

        tab.WaitForAssertion(() => Assert.Contains(name, tab.Find("[data-testid=statuses-list]").TextContent, StringComparison.Ordinal));
        var saved = (await StatusesAsync()).Single(s => s.Name == name);
        Assert.Equal("#8E24AA", saved.Color);
        Assert.Equal("#8E24AA", tab.Find($"[data-testid=status-dot-{saved.Id}]").GetAttribute("data-status-color"));
    }

    [Fact]
    public async Task A_duplicate_name_is_refused_next_to_the_name_field()
    {
        var (tab, _) = await RenderTabAsync();
        tab.Find("[data-testid=add-status]").Click();
        Dialogs.WaitForElement("input[data-testid=status-name]").Change("online");
        Dialogs.Find("[data-testid=save]").Click();
        Dialogs.WaitForAssertion(() => Assert.Contains("already called", Dialogs.Find(".mud-dialog .mud-input-helper-text.mud-input-error").TextContent, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Renaming_a_status_updates_the_list()
    {
        var created = await InScopeAsync(sp => sp.GetRequiredService<StatusWriter>().CreateAsync(new StatusRequest(Unique.Name("Break"), "#123456", false), default));
        var (tab, _) = await RenderTabAsync();
        var renamed = Unique.Name("Coffee");
        tab.Find($"[data-testid=edit-{created.Value!.Id}]").Click();
        Dialogs.WaitForElement("input[data-testid=status-name]").Change(renamed);
        Dialogs.Find("[data-testid=save]").Click();

        tab.WaitForAssertion(() => Assert.Equal(created.Value.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), Row(tab, renamed)));
        Assert.Equal("#123456", (await StatusesAsync()).Single(s => s.Id == created.Value.Id).Color);
    }

    [Fact]
    public async Task Deleting_a_custom_status_moves_its_agents_to_the_chosen_status()
    {
        var doomed = (await InScopeAsync(sp => sp.GetRequiredService<StatusWriter>().CreateAsync(new StatusRequest(Unique.Name("Training"), "#00897B", false), default))).Value!;
        var agent = await NewAgentAsync();
        await ChangeAsync(agent, doomed.Id);
        var (tab, _) = await RenderTabAsync();

        tab.Find($"[data-testid=delete-{doomed.Id}]").Click();
        Dialogs.WaitForElement("[data-testid=confirm-delete]");
        // Nothing chosen yet: the delete button waits for a status to move to.
        Assert.True(Dialogs.Find("[data-testid=confirm-delete]").HasAttribute("disabled"));
        Choose(Dialogs, "move-to", "On hold");
        Dialogs.WaitForAssertion(() => Assert.False(Dialogs.Find("[data-testid=confirm-delete]").HasAttribute("disabled")));
        Dialogs.Find("[data-testid=confirm-delete]").Click();

        tab.WaitForAssertion(() => Assert.Empty(tab.FindAll($"[data-testid=status-{doomed.Id}]")));
        var onHold = await SystemStatusAsync(SystemStatuses.OnHold);
        var now = await InScopeAsync(sp => sp.GetRequiredService<Rolodesk.Data.RolodeskDbContext>().AgentStatusAsync(sp.GetRequiredService<SystemStatusIds>(), agent, default));
        Assert.Equal(onHold, now!.StatusId);
    }

    [Fact]
    public async Task Defaults_have_no_delete_button_and_the_writer_refuses_them()
    {
        var (tab, admin) = await RenderTabAsync();
        var online = await SystemStatusAsync(SystemStatuses.Online);
        Assert.NotEmpty(tab.FindAll($"[data-testid=edit-{online}]"));
        foreach (var key in new[] { SystemStatuses.Online, SystemStatuses.OnHold, SystemStatuses.Offline })
            Assert.Empty(tab.FindAll($"[data-testid=delete-{await SystemStatusAsync(key)}]"));

        var offline = await SystemStatusAsync(SystemStatuses.Offline);
        var refused = await InScopeAsync(sp => sp.GetRequiredService<StatusWriter>().ManageAsync(admin, w => w.DeleteAsync(online, offline, admin, default)));
        Assert.Equal(409, refused.Problem?.StatusCode);
    }

    [Fact]
    public async Task Without_contact_fields_manage_every_write_is_refused()
    {
        var agent = await SignInAsAsync((await App.Api.AgentAsync()).User.Id);
        var result = await InScopeAsync(sp => sp.GetRequiredService<StatusWriter>().ManageAsync(agent,
            w => w.CreateAsync(new StatusRequest(Unique.Name("Sneaky"), "#000000", false), default)));
        Assert.Equal(403, result.Problem?.StatusCode);
        Assert.DoesNotContain(await StatusesAsync(), s => s.Name.StartsWith("Sneaky", StringComparison.Ordinal));
    }
}
