using System.Threading.Channels;
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
    private TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when a run that started after this call has ended (successfully or not: failures are logged and retried by the sweep).</summary>
    public Task RunAsync()
    {
        lock (_gate)
        {
            _wake.Writer.TryWrite(true);
            return _next.Task;
        }
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
            lock (_gate)
            {
                while (_wake.Reader.TryRead(out _)) { }
                current = _next;
                _next = new(TaskCreationOptions.RunContinuationsAsynchronously);
            }
            await RunOnceAsync(stoppingToken);
            current.TrySetResult();
        }
        lock (_gate) _next.TrySetResult();
    }

    private async Task RunOnceAsync(CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var moves = await scope.ServiceProvider.GetRequiredService<AssignmentRun>().ExecuteAsync(ct);
                if (moves.Count > 0) push.Moved(moves);
                return;
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested) { return; }
            catch (Exception e) when (attempt < 3)
            {
                // A busy SQLite file or a lost connection: the state is in the database, so simply run again.
                log.LogWarning(e, "A distribution run failed (attempt {Attempt}); retrying", attempt);
            }
            catch (Exception e)
            {
                log.LogError(e, "A distribution run failed; the next event or sweep runs it again");
                return;
            }
        }
    }
}
