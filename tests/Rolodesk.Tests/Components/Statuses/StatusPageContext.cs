using System.Security.Claims;
using Bunit;
using Bunit.TestDoubles;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;
using Rolodesk.Data;
using Rolodesk.Server.Features.Access;
using Rolodesk.Server.Features.Statuses;
using Rolodesk.Tests.Infrastructure;

namespace Rolodesk.Tests.Components.Statuses;

/// <summary>
/// A bUnit context whose pages run against the shared test app's real services (database,
/// StatusWriter, StatusChanger, events), signed in as a user the test chooses. The database is
/// shared with other tests: a test finds its own rows by id or unique name.
/// </summary>
public abstract class StatusPageContext : BunitContext
{
    protected StatusPageContext(RolodeskApp app)
    {
        App = app;
        Services.AddMudServices();
        var real = app.Services;
        // Pages run writers in scopes of this container: the app's singletons, and its scoped services built on them.
        var contexts = real.GetRequiredService<IDbContextFactory<RolodeskDbContext>>();
        Services.AddSingleton(contexts);
        Services.AddScoped(_ => contexts.CreateDbContext());
        Services.AddSingleton(real.GetRequiredService<StatusWriteGate>());
        Services.AddScoped<StatusChanger>();
        Services.AddScoped<StatusWriter>();
        Services.AddSingleton(real.GetRequiredService<IStatusEvents>());
        Services.AddSingleton(real.GetRequiredService<PermissionService>());
        Services.AddSingleton(real.GetRequiredService<SystemStatusIds>());
        Services.AddSingleton(real.GetRequiredService<InProcessStatusEvents>());
        Services.AddSingleton(real.GetRequiredService<Rolodesk.Server.Features.Distribution.RequestPush>()); // the load column of the board
        Services.AddSingleton(real.GetRequiredService<Rolodesk.Server.Features.Distribution.AssignmentRunner>()); // the Requests pages' writers
        Services.AddScoped<Rolodesk.Server.Features.Distribution.RequestWriter>();
        Services.AddScoped<Rolodesk.Server.Features.Distribution.DistributionSettingsWriter>();
        Services.AddSingleton(real.GetRequiredService<TimeProvider>());
        JSInterop.Mode = JSRuntimeMode.Loose;
        // Before the first render: services cannot be added after that; who is signed in can.
        _auth = AddAuthorization();
        Popovers = Render<MudPopoverProvider>();
        Dialogs = Render<MudDialogProvider>();
    }

    private readonly BunitAuthorizationContext _auth;

    protected RolodeskApp App { get; }
    protected IRenderedComponent<MudPopoverProvider> Popovers { get; }
    protected IRenderedComponent<MudDialogProvider> Dialogs { get; }

    /// <summary>Renders pages as this user from here on; returns their rights as the server resolves them.</summary>
    protected async Task<UserAccess> SignInAsAsync(int userId)
    {
        _auth.SetAuthorized("user-" + userId);
        _auth.SetClaims(new Claim(ClaimTypes.NameIdentifier, userId.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        return (await App.Services.GetRequiredService<PermissionService>().GetAsync(userId))!;
    }

    protected async Task<int> AdminIdAsync() =>
        await InScopeAsync(sp => sp.GetRequiredService<RolodeskDbContext>().Users.Where(u => u.Email == RolodeskApp.AdminEmail).Select(u => u.Id).SingleAsync());

    protected async Task<T> InScopeAsync<T>(Func<IServiceProvider, Task<T>> work)
    {
        await using var scope = App.Services.CreateAsyncScope();
        return await work(scope.ServiceProvider);
    }

    /// <summary>A new agent whose name sorts before the other tests' agents, so they are on the Agents page's first page.</summary>
    protected async Task<int> NewAgentAsync()
    {
        var agents = await App.Api.GroupIdAsync("Agents");
        return (await App.Api.CreateUserAsync(new { name = "Aaa " + Unique.Tag(), email = Unique.Email(), groupIds = new[] { agents } })).Id;
    }

    protected Task<ChangeResult> ChangeAsync(int agentId, int statusId, Rolodesk.Data.Statuses.StatusSource source = Rolodesk.Data.Statuses.StatusSource.Api) =>
        InScopeAsync(sp => sp.GetRequiredService<StatusChanger>().ChangeAsync(new StatusChange(agentId, statusId, source)));

    protected Task<List<StatusResponse>> StatusesAsync() => InScopeAsync(sp => sp.GetRequiredService<RolodeskDbContext>().ListStatusesAsync(CancellationToken.None));

    protected async Task<int> SystemStatusAsync(string key) => (await StatusesAsync()).Single(s => s.SystemKey == key).Id;

    /// <summary>
    /// Opens the select with this data-testid (rendered anywhere, waited for: a dialog renders on the
    /// provider's next render, which a slower database can delay) and picks the option with this text.
    /// </summary>
    protected void Choose<T>(IRenderedComponent<T> host, string testId, string option) where T : Microsoft.AspNetCore.Components.IComponent
    {
        host.WaitForElement($"[data-testid={testId}]").Closest(".mud-input-control")!.MouseDown();
        Popovers.WaitForAssertion(() => Assert.Contains(Popovers.FindAll("[role=option]"), o => o.TextContent.Trim() == option));
        Popovers.FindAll("[role=option]").First(o => o.TextContent.Trim() == option).Click();
    }
}
