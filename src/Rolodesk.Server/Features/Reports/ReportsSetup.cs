namespace Rolodesk.Server.Features.Reports;

/// <summary>Registration of the Reporting slice: one line each in Hosting.</summary>
public static class ReportsSetup
{
    public static IServiceCollection AddReports(this IServiceCollection services)
    {
        services.AddScoped<AgentStatusReports>();
        services.AddScoped<StatusRollup>();
        services.AddHostedService<StatusRollupWorker>();
        return services;
    }

    public static RouteGroupBuilder MapReports(this RouteGroupBuilder api) => api.MapReportsApi();
}
