using StackExchange.Redis;

namespace Rolodesk.Server.Infrastructure;

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

    /// <summary>The channel <paramref name="name"/> of this deployment, seen from this instance.</summary>
    public LiveChannel Channel(string name, ILogger log) => new(this, name, log);

    public void Dispose()
    {
        if (_connection.IsValueCreated) _connection.Value.Dispose();
    }
}

/// <summary>
/// A Redis channel between the instances of one deployment: <see cref="Publish"/> sends a payload to
/// every other instance, and the handler given to <see cref="SubscribeAsync"/> sees only the other
/// instances' payloads, one at a time, in the order they were published (this instance has applied
/// its own already). Publishing never throws: with Redis down the other instances catch up on their
/// next read, so a warning is enough.
/// </summary>
public sealed class LiveChannel(LiveRedis redis, string name, ILogger log)
{
    /// <summary>Tags this instance's messages; a fixed width, so the payload starts at a known offset.</summary>
    private readonly string _origin = Guid.NewGuid().ToString("N");
    private readonly RedisChannel _channel = RedisChannel.Literal(redis.Prefix + ":" + name);
    private ChannelMessageQueue? _queue;

    public void Publish(string payload)
    {
        try
        {
            redis.Connection.GetSubscriber().Publish(_channel, _origin + payload, CommandFlags.FireAndForget);
        }
        catch (Exception e)
        {
            log.LogWarning(e, "Could not relay an event on {Channel} to other instances", name);
        }
    }

    public async Task SubscribeAsync(Action<string> fromOtherInstance)
    {
        // A queue rather than a callback: messages are handled one at a time, in the order published.
        _queue = await redis.Connection.GetSubscriber().SubscribeAsync(_channel);
        _queue.OnMessage(message =>
        {
            var text = message.Message.ToString();
            if (text.Length < _origin.Length || text.StartsWith(_origin, StringComparison.Ordinal)) return;
            fromOtherInstance(text[_origin.Length..]);
        });
    }

    public async Task UnsubscribeAsync()
    {
        if (_queue is not null) await _queue.UnsubscribeAsync();
    }
}
