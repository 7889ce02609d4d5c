using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Rolodesk.Server.Features.Access;
using Rolodesk.Server.Infrastructure;
using StackExchange.Redis;

namespace Rolodesk.Server.Features.Statuses.Live;

/// <summary>
/// Registration of the live push: the hub, the fan-out of status events and, when
/// ConnectionStrings:Redis is set, the SignalR backplane and the cross-instance relay (channels
/// prefixed with Rolodesk:Redis:ChannelPrefix, default "rolodesk", so deployments sharing a Redis
/// stay apart). Call after AddStatuses: it replaces the in-process <see cref="IStatusEvents"/>.
/// </summary>
public static class LiveSetup
{
    public static IServiceCollection AddStatusesLive(this IServiceCollection services, IConfiguration configuration)
    {
        var signalR = services.AddSignalR();
        if (configuration.GetConnectionString("Redis") is { Length: > 0 } redis)
        {
            var prefix = configuration["Rolodesk:Redis:ChannelPrefix"] is { Length: > 0 } p ? p : "rolodesk";
            services.AddSingleton(new LiveRedis(redis, prefix));
            services.AddSingleton<RedisStatusRelay>();
            services.AddHostedService(sp => sp.GetRequiredService<RedisStatusRelay>());
            signalR.AddStackExchangeRedis(redis, o => o.Configuration.ChannelPrefix = RedisChannel.Literal(prefix + ":signalr"));
        }
        services.AddSingleton<StatusFanOut>();
        services.Replace(ServiceDescriptor.Singleton<IStatusEvents>(sp => sp.GetRequiredService<StatusFanOut>()));

        // Browsers cannot put a header on a WebSocket: API clients of the hub may pass their bearer token as ?access_token=.
        services.PostConfigure<PolicySchemeOptions>(AuthSetup.Scheme, o =>
        {
            var inner = o.ForwardDefaultSelector;
            o.ForwardDefaultSelector = http => HubToken(http) is not null ? IdentityConstants.BearerScheme : inner?.Invoke(http);
        });
        services.PostConfigure<BearerTokenOptions>(IdentityConstants.BearerScheme, o =>
        {
            var inner = o.Events.OnMessageReceived;
            o.Events.OnMessageReceived = async ctx =>
            {
                await inner(ctx);
                ctx.Token ??= HubToken(ctx.HttpContext);
            };
        });
        return services;
    }

    public static void MapStatusesLive(this IEndpointRouteBuilder app) => app.MapHub<PresenceHub>(PresenceHub.Path);

    /// <summary>Only on the hub's path: elsewhere a token in a URL would end up in logs and histories.</summary>
    private static string? HubToken(HttpContext http) =>
        http.Request.Path.StartsWithSegments(PresenceHub.Path) && http.Request.Query["access_token"] is [{ Length: > 0 } token] ? token : null;
}
