using MudBlazor;
using Rolodesk.Server.Features.Access;

namespace Rolodesk.Server.Components.Shared;

/// <summary>One module of the app as the navigation and the home page list it.</summary>
public sealed record AppModule(string Href, string Icon, string Title, string Permission, string Description);

/// <summary>The modules of the app; the navigation drawer and the home page tiles both read this list.</summary>
public static class AppModules
{
    // Analytics, Omni and Reporting join this list with the issues that add their pages.
    public static readonly IReadOnlyList<AppModule> All =
    [
        new("/contacts", Icons.Material.Outlined.Contacts, "Contacts", Permissions.ContactsView,
            "Users and companies, their cards and details."),
        new("/contact-fields", Icons.Material.Outlined.DynamicForm, "Contact fields", Permissions.ContactFieldsManage,
            "Field groups and custom fields of user and company cards."),
        new("/analytics/agents", Icons.Material.Outlined.Insights, "Analytics · Agents", Permissions.AnalyticsAgentsStatus,
            "Agents' current statuses; change them (recorded as analytics)."),
        new("/omni/agents", Icons.Material.Outlined.SupportAgent, "Omni · Agents", Permissions.OmniAgentsStatus,
            "Agents' current statuses; change them (recorded as omni)."),
        new("/reports/agent-statuses", Icons.Material.Outlined.Assessment, "Reporting · Agent statuses", Permissions.ReportsView,
            "Time agents spent in each status, changes and a timeline; CSV export."),
        new("/settings/user-groups", Icons.Material.Outlined.AdminPanelSettings, "Settings", Permissions.UserGroupsManage,
            "User groups and the rights they grant."),
        new("/distribution-settings", Icons.Material.Outlined.AltRoute, "Distribution", Permissions.RequestsDistributionManage,
            "How requests are distributed among agents: method, capacities, who takes part."),
    ];

    public static IEnumerable<AppModule> For(CurrentUser? user) =>
        user is null ? [] : All.Where(m => user.Has(m.Permission));
}

/// <summary>Policy names for [Authorize] on pages (attribute arguments must be constants).</summary>
public static class AccessPolicies
{
    public const string UserGroupsManage = "perm:" + Permissions.UserGroupsManage;
    public const string ContactFieldsManage = "perm:" + Permissions.ContactFieldsManage;
    public const string AnalyticsAgentsStatus = "perm:" + Permissions.AnalyticsAgentsStatus;
    public const string OmniAgentsStatus = "perm:" + Permissions.OmniAgentsStatus;
    public const string RequestsDistributionManage = "perm:" + Permissions.RequestsDistributionManage;
    public const string ReportsView = "perm:" + Permissions.ReportsView;
}
