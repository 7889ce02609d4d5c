using StackExchange.Redis;
using Rolodesk.Server.Features.Statuses.Live;

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
    private readonly string _origin = Guid.NewGuid().ToString("N");
    private readonly LiveRedis? _redis = services.GetService<LiveRedis>();
    private ChannelMessageQueue? _queue;

    private RedisChannel Channel => RedisChannel.Literal(_redis!.Prefix + ":request-events");

    public void Publish()
    {
        if (_redis is null) return;
        try
        {
            _redis.Connection.GetSubscriber().Publish(Channel, _origin, CommandFlags.FireAndForget);
        }
        catch (Exception e)
        {
            // Redis down: other instances' pages catch up on their next read.
            log.LogWarning(e, "Could not relay a request event to other instances");
        }
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (_redis is null) return;
        _queue = await _redis.Connection.GetSubscriber().SubscribeAsync(Channel);
        _queue.OnMessage(message =>
        {
            if (message.Message != _origin) services.GetRequiredService<RequestPush>().RaiseLocal();
        });
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_queue is not null) await _queue.UnsubscribeAsync();
    }
}
