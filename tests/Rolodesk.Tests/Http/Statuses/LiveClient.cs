using System.Threading.Channels;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.SignalR.Client;
using Rolodesk.Server.Features.Statuses.Live;

namespace Rolodesk.Tests.Http;

/// <summary>A SignalR client of /hubs/presence on an in-memory test host, collecting what it is pushed.</summary>
public sealed class LiveClient : IAsyncDisposable
{
    private readonly Channel<StatusChangedMessage> _changes = Channel.CreateUnbounded<StatusChangedMessage>();
    private readonly Channel<bool> _catalog = Channel.CreateUnbounded<bool>();

    private LiveClient(HubConnection connection)
    {
        Connection = connection;
        connection.On<StatusChangedMessage>("StatusChanged", m => _changes.Writer.TryWrite(m));
        connection.On("CatalogChanged", () => _catalog.Writer.TryWrite(true));
    }

    public HubConnection Connection { get; }

    /// <summary>Connects with a bearer token (null: anonymous). Long polling: the test server's handler speaks plain HTTP.</summary>
    public static async Task<LiveClient> ConnectAsync<T>(WebApplicationFactory<T> host, string? token) where T : class
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(host.Server.BaseAddress, PresenceHub.Path.TrimStart('/')), o =>
            {
                o.Transports = HttpTransportType.LongPolling;
                o.HttpMessageHandlerFactory = _ => host.Server.CreateHandler();
                if (token is not null) o.AccessTokenProvider = () => Task.FromResult<string?>(token);
            })
            .Build();
        var client = new LiveClient(connection);
        await connection.StartAsync();
        // The handshake answers before the hub's OnConnectedAsync has joined the groups; the hub dispatches
        // invocations only after it, so once this one returns the connection hears everything meant for it.
        if (token is not null) await connection.InvokeAsync("Heartbeat");
        return client;
    }

    /// <summary>The next change pushed about <paramref name="agentId"/>, skipping other agents'.</summary>
    public async Task<StatusChangedMessage> NextChangeOfAsync(int agentId, TimeSpan? timeout = null)
    {
        // Generous: a push is judged on arriving at all, and CI machines stall for seconds (the push test measures latency).
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(20));
        while (true)
        {
            var m = await _changes.Reader.ReadAsync(cts.Token);
            if (m.AgentId == agentId) return m;
        }
    }

    /// <summary>
    /// The first change about <paramref name="agentId"/> that <paramref name="wanted"/> accepts, skipping
    /// any other; on a timeout the failure lists what did arrive about the agent.
    /// </summary>
    public async Task<StatusChangedMessage> ChangeOfAsync(int agentId, Func<StatusChangedMessage, bool> wanted, TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(20));
        var skipped = new List<StatusChangedMessage>();
        try
        {
            while (true)
            {
                var m = await _changes.Reader.ReadAsync(cts.Token);
                if (m.AgentId != agentId) continue;
                if (wanted(m)) return m;
                skipped.Add(m);
            }
        }
        catch (OperationCanceledException)
        {
            Assert.Fail($"No matching change of agent {agentId} arrived; received instead: [{string.Join("; ", skipped)}]");
            throw;
        }
    }

    /// <summary>Every change about <paramref name="agentId"/> received within <paramref name="wait"/>.</summary>
    public async Task<List<StatusChangedMessage>> ChangesOfAsync(int agentId, TimeSpan wait)
    {
        await Task.Delay(wait);
        var found = new List<StatusChangedMessage>();
        while (_changes.Reader.TryRead(out var m)) if (m.AgentId == agentId) found.Add(m);
        return found;
    }

    public async Task CatalogChangeAsync()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await _catalog.Reader.ReadAsync(cts.Token);
    }

    public ValueTask DisposeAsync() => Connection.DisposeAsync();
}
