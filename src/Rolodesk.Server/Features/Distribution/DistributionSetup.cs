namespace Rolodesk.Server.Features.Distribution;

/// <summary>Registration of requests and their distribution: one line each in Hosting.</summary>
public static class DistributionSetup
{
    public static IServiceCollection AddDistribution(this IServiceCollection services)
    {
        services.AddSingleton<RequestPush>();
        services.AddSingleton<RequestPushRelay>();
        services.AddHostedService(sp => sp.GetRequiredService<RequestPushRelay>());
        services.AddSingleton<AssignmentRunner>();
        services.AddHostedService(sp => sp.GetRequiredService<AssignmentRunner>());
        services.AddScoped<AssignmentRun>();
        services.AddScoped<RequestWriter>();
        services.AddScoped<DistributionSettingsWriter>();
        return services;
    }
}
