namespace Rolodesk.Server.Features.Access;

/// <summary>One right of the fixed catalogue that user groups grant.</summary>
public sealed record Permission(string Key, string Section, string Description);

/// <summary>The fixed catalogue of access rights ("Group access rights").</summary>
public static class Permissions
{
    public const string ContactsView = "contacts.view";
    public const string ContactsEdit = "contacts.edit";
    public const string ContactFieldsManage = "contact-fields.manage";
    public const string AnalyticsView = "analytics.view";
    public const string AnalyticsAgentsStatus = "analytics.agents.status";
    public const string OmniView = "omni.view";
    public const string OmniAgentsStatus = "omni.agents.status";
    public const string ReportsView = "reports.view";
    public const string RequestsDistributionManage = "requests.distribution.manage";
    public const string UserGroupsManage = "user-groups.manage";

    public static readonly IReadOnlyList<Permission> All =
    [
        new(ContactsView, "Contacts", "See users and companies, their cards and status history"),
        new(ContactsEdit, "Contacts", "Create, edit and delete users and companies"),
        new(ContactFieldsManage, "Contact fields", "Manage field groups, custom fields and user statuses"),
        new(AnalyticsView, "Analytics", "Open the Analytics module"),
        new(AnalyticsAgentsStatus, "Analytics", "Change agents' statuses in Analytics → Agents"),
        new(OmniView, "Omni", "Open the Omni module"),
        new(OmniAgentsStatus, "Omni", "Change agents' statuses in Omni → Agents"),
        new(ReportsView, "Reporting", "See reports, such as Agent statuses"),
        new(RequestsDistributionManage, "Settings", "Manage the distribution of requests"),
        new(UserGroupsManage, "Settings", "Manage user groups, their rights, memberships and passwords"),
    ];

    private static readonly HashSet<string> Keys = All.Select(p => p.Key).ToHashSet(StringComparer.Ordinal);

    public static bool Exists(string key) => Keys.Contains(key);

    public static string PolicyName(string permission) => "perm:" + permission;
}
