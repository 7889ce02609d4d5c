using System.Text.Json;
using Rolodesk.Server.Infrastructure;

namespace Rolodesk.Server.Features.Statuses.Live;

/// <summary>
/// Makes status events cross-instance: each committed change is published on a Redis channel,
/// and every other instance raises it on its <see cref="InProcessStatusEvents"/>, so Blazor pages
/// there update too. The origin raised it locally already (<see cref="LiveChannel"/> skips its own
/// message). Hub clients are not served from here: the SignalR backplane carries the origin's push.
/// </summary>
public sealed class RedisStatusRelay(LiveRedis redis, InProcessStatusEvents local, ILogger<RedisStatusRelay> log) : IHostedService
{
    private readonly LiveChannel _channel = redis.Channel("status-events", log);

    /// <summary>A change, or null when the list of statuses or the rule changed.</summary>
    public void Publish(StatusChanged? change) => _channel.Publish(JsonSerializer.Serialize(change));

    public Task StartAsync(CancellationToken cancellationToken) => _channel.SubscribeAsync(Receive);

    public Task StopAsync(CancellationToken cancellationToken) => _channel.UnsubscribeAsync();

    private void Receive(string payload)
    {
        try
        {
            if (JsonSerializer.Deserialize<StatusChanged?>(payload) is { } change) local.AgentChanged(change);
            else local.CatalogChanged();
        }
        catch (JsonException e)
        {
            log.LogWarning(e, "Ignored a malformed status event from Redis");
        }
    }
}
