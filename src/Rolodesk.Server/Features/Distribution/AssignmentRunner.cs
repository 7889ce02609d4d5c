using System.Collections.Concurrent;
using System.Threading.Channels;
using Rolodesk.Data.Requests;
using Rolodesk.Server.Features.Statuses;

namespace Rolodesk.Server.Features.Distribution;

/// <summary>
/// Runs <see cref="AssignmentRun"/> one at a time on this instance: after a request arrives or is
/// closed, after settings change, after any status event (local, or relayed from another instance
/// through Redis) and every few seconds anyway (Rolodesk:Distribution:SweepSeconds, default 5), so
/// that a lost event only delays an assignment. Callers that arrive while a run is going share the
/// next run: under load one run assigns many requests.
/// </summary>
public sealed class AssignmentRunner(
    IServiceScopeFactory scopes, InProcessStatusEvents statusEvents, RequestPush push, IConfiguration configuration,
    ILogger<AssignmentRunner> log) : BackgroundService
{
    private readonly Channel<bool> _wake = Channel.CreateUnbounded<bool>();
    private readonly Lock _gate = new();
    private readonly ConcurrentQueue<(NewRequest Request, TaskCompletionSource<RequestResponse?> Done)> _arrivals = new();
    private TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private bool _checkReturns = true;

    /// <summary>Completes when a run that started after this call has ended (successfully or not: failures are logged and retried by the sweep).</summary>
    public Task RunAsync()
    {
        lock (_gate)
        {
            _checkReturns = true;
            _wake.Writer.TryWrite(true);
            return _next.Task;
        }
    }

    /// <summary>
    /// Inserts a validated request in the next run's transaction and answers with where it went:
    /// concurrent arrivals share one transaction and one distribution pass (group commit).
    /// Null when the client does not exist (checked by the run).
    /// </summary>
    public Task<RequestResponse?> SubmitAsync(NewRequest request)
    {
        var done = new TaskCompletionSource<RequestResponse?>(TaskCreationOptions.RunContinuationsAsynchronously);
        _arrivals.Enqueue((request, done));
        lock (_gate) _wake.Writer.TryWrite(true);
        return done.Task;
    }

    public void Poke() => _ = RunAsync();

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        statusEvents.Changed += OnStatusChanged;
        statusEvents.Catalog += Poke;
        return base.StartAsync(cancellationToken);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        statusEvents.Changed -= OnStatusChanged;
        statusEvents.Catalog -= Poke;
        await base.StopAsync(cancellationToken);
    }

    private void OnStatusChanged(StatusChanged _) => Poke();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var sweep = TimeSpan.FromSeconds(configuration.GetValue("Rolodesk:Distribution:SweepSeconds", 5.0));
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                timeout.CancelAfter(sweep);
                await _wake.Reader.WaitToReadAsync(timeout.Token);
            }
            catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested) { /* the periodic sweep */ }
            catch (OperationCanceledException) { break; }

            TaskCompletionSource current;
            bool checkReturns;
            lock (_gate)
            {
                while (_wake.Reader.TryRead(out _)) { }
                current = _next;
                _next = new(TaskCreationOptions.RunContinuationsAsynchronously);
                checkReturns = _checkReturns || _arrivals.IsEmpty; // empty: a sweep or an event, not an arrival
                _checkReturns = false;
            }
            var arrivals = new List<(NewRequest Request, TaskCompletionSource<RequestResponse?> Done)>();
            while (arrivals.Count < 1000 && _arrivals.TryDequeue(out var a)) arrivals.Add(a);
            if (!_arrivals.IsEmpty) _wake.Writer.TryWrite(true);
            await RunOnceAsync(arrivals, checkReturns, stoppingToken);
            current.TrySetResult();
        }
        lock (_gate) _next.TrySetResult();
        while (_arrivals.TryDequeue(out var left)) left.Done.TrySetCanceled(stoppingToken);
    }

    private async Task RunOnceAsync(List<(NewRequest Request, TaskCompletionSource<RequestResponse?> Done)> arrivals, bool checkReturns, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var result = await scope.ServiceProvider.GetRequiredService<AssignmentRun>().ExecuteAsync([.. arrivals.Select(a => a.Request)], checkReturns, ct);
                for (var i = 0; i < arrivals.Count; i++)
                    arrivals[i].Done.TrySetResult(result.Created[i] is { } r ? Response(r, result.ClientNames[r.ClientUserId], result.AgentNames) : null);
                if (result.Moves.Count > 0) push.Moved(result.Moves);
                else if (arrivals.Count > 0) push.Touched();
                return;
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                foreach (var a in arrivals) a.Done.TrySetCanceled(ct);
                return;
            }
            catch (Exception e) when (attempt < 3)
            {
                // A busy SQLite file or a lost connection: the state is in the database, so simply run again.
                log.LogWarning(e, "A distribution run failed (attempt {Attempt}); retrying", attempt);
            }
            catch (Exception e)
            {
                log.LogError(e, "A distribution run failed; the next event or sweep runs it again");
                foreach (var a in arrivals) a.Done.TrySetException(e);
                return;
            }
        }
    }

    private static RequestResponse Response(Request r, string clientName, Dictionary<int, string> agents) => new(
        r.Id, r.Subject, r.ClientUserId, clientName, r.Channel, RequestText.State(r.State), r.AgentId,
        r.AgentId is { } a ? agents.GetValueOrDefault(a) : null, r.CreatedAt, r.AssignedAt, r.FirstResponseAt, r.ClosedAt);
}
