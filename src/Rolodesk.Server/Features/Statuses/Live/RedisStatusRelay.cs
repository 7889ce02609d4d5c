using System.Text.Json;
using StackExchange.Redis;

namespace Rolodesk.Server.Features.Statuses.Live;

/// <summary>
/// Makes status events cross-instance: each committed change is published on a Redis channel,
/// and every other instance raises it on its <see cref="InProcessStatusEvents"/>, so Blazor pages
/// there update too. The origin raised it locally already and skips its own message. Hub clients
/// are not served from here: the SignalR backplane carries the origin's push.
/// </summary>
public sealed class RedisStatusRelay(LiveRedis redis, InProcessStatusEvents local, ILogger<RedisStatusRelay> log) : IHostedService
{
    private readonly string _origin = Guid.NewGuid().ToString("N");
    private ChannelMessageQueue? _queue;

    /// <summary>A change, or null when the list of statuses or the rule changed.</summary>
    private sealed record Envelope(string Origin, StatusChanged? Change);

    private RedisChannel Channel => RedisChannel.Literal(redis.Prefix + ":status-events");

    public void Publish(StatusChanged? change)
    {
        try
        {
            var json = JsonSerializer.Serialize(new Envelope(_origin, change));
            redis.Connection.GetSubscriber().Publish(Channel, json, CommandFlags.FireAndForget);
        }
        catch (Exception e)
        {
            // Redis down: this instance's pages and hub clients have the change; others catch up on their next read.
            log.LogWarning(e, "Could not relay a status event to other instances");
        }
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        // A queue rather than a callback: messages are handled one at a time, in the order published.
        _queue = await redis.Connection.GetSubscriber().SubscribeAsync(Channel);
        _queue.OnMessage(message => Receive(message.Message));
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_queue is not null) await _queue.UnsubscribeAsync();
    }

    private void Receive(RedisValue value)
    {
        try
        {
            if (JsonSerializer.Deserialize<Envelope>(value.ToString()) is not { } envelope || envelope.Origin == _origin) return;
            if (envelope.Change is { } change) local.AgentChanged(change);
            else local.CatalogChanged();
        }
        catch (JsonException e)
        {
            log.LogWarning(e, "Ignored a malformed status event from Redis");
        }
    }
}

/// <summary>The Redis connection of the live slice (configured by ConnectionStrings:Redis), and the channel prefix of this deployment.</summary>
public sealed class LiveRedis(string configuration, string prefix) : IDisposable
{
    private readonly Lazy<ConnectionMultiplexer> _connection = new(() =>
    {
        var options = ConfigurationOptions.Parse(configuration);
        // Reconnect (and resubscribe) when Redis comes back; at start-up the first subscription fails loudly instead.
        options.AbortOnConnectFail = false;
        return ConnectionMultiplexer.Connect(options);
    });

    public string Prefix { get; } = prefix;

    public IConnectionMultiplexer Connection => _connection.Value;

    public void Dispose()
    {
        if (_connection.IsValueCreated) _connection.Value.Dispose();
    }
}
