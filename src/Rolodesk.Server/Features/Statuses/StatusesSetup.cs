namespace Rolodesk.Server.Features.Statuses;

/// <summary>Registration of the statuses slice: one line each in Hosting.</summary>
public static class StatusesSetup
{
    public static IServiceCollection AddStatuses(this IServiceCollection services)
    {
        services.AddSingleton<SystemStatusIds>();
        services.AddSingleton<InProcessStatusEvents>();
        services.AddSingleton<IStatusEvents>(sp => sp.GetRequiredService<InProcessStatusEvents>());
        services.AddSingleton<ActivityTracker>();
        services.AddSingleton(sp => new StatusWriteGate(sp.GetRequiredService<IConfiguration>().GetValue("Rolodesk:Statuses:WriterLanes", 0)));
        services.AddScoped<StatusChanger>();
        services.AddScoped<StatusWriter>();
        services.AddScoped<InactivitySweep>();
        services.AddHostedService<InactivitySweeper>();
        return services;
    }

    public static RouteGroupBuilder MapStatuses(this RouteGroupBuilder api) => api.MapStatusesApi().MapPresenceApi();

    /// <summary>After authentication: every authenticated API request counts as activity.</summary>
    public static IApplicationBuilder UseActivityTracking(this IApplicationBuilder app) =>
        app.UseWhen(http => http.Request.Path.StartsWithSegments("/api"), api => api.UseMiddleware<ActivityMiddleware>());
}
