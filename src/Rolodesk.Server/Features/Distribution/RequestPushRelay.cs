using Rolodesk.Server.Infrastructure;

namespace Rolodesk.Server.Features.Distribution;

/// <summary>
/// Makes "requests changed" cross-instance for Blazor pages: a change committed on one instance is
/// published on a Redis channel, and every other instance raises <see cref="RequestPush.Changed"/>
/// so its Requests page and the Load column of its Agents boards re-read. Pages render on the server
/// and are no hub connections, so the SignalR backplane (which carries the hub push to clients of
/// every instance) cannot reach them. Without Redis (one instance) this does nothing.
/// </summary>
public sealed class RequestPushRelay(IServiceProvider services, ILogger<RequestPushRelay> log) : IHostedService
{
    private readonly LiveChannel? _channel = services.GetService<LiveRedis>()?.Channel("request-events", log);

    public void Publish() => _channel?.Publish("");

    public Task StartAsync(CancellationToken cancellationToken) =>
        _channel?.SubscribeAsync(_ => services.GetRequiredService<RequestPush>().RaiseLocal()) ?? Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => _channel?.UnsubscribeAsync() ?? Task.CompletedTask;
}
