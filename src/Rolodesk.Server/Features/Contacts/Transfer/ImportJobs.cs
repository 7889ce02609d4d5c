using System.Collections.Concurrent;
using System.Threading.Channels;
using Rolodesk.Data.ContactFields;
using Rolodesk.Server.Features.Access;

namespace Rolodesk.Server.Features.Contacts.Transfer;

public enum ImportMode { All, Valid }

public enum ImportStatus { Queued, Checking, Writing, Completed, Failed }

/// <summary>One problem in an imported file: row as in the file (1 = the header), column name (null = the whole row).</summary>
public sealed record ImportError(int Row, string? Column, string Message);

/// <summary>What <c>GET /api/v1/imports/{id}</c> answers.</summary>
public sealed record ImportJobResponse(
    Guid Id, string Target, string Mode, string Status, int RowsTotal, int RowsChecked, int RowsWritten,
    IReadOnlyList<ImportError> Errors, int ErrorCount, DateTimeOffset StartedAt, DateTimeOffset? FinishedAt);

/// <summary>
/// An import in progress. Counters are written by the worker and read by pollers on other
/// threads, hence the volatile fields; errors are appended by the worker only.
/// </summary>
public sealed class ImportJob(Guid id, FieldTarget target, ImportMode mode, UserAccess actor, string file, DateTimeOffset startedAt)
{
    /// <summary>Listed errors stop here; <see cref="ErrorCount"/> keeps counting.</summary>
    public const int MaxListedErrors = 1000;

    private readonly List<ImportError> _errors = [];
    private volatile int _rowsTotal, _rowsChecked, _rowsWritten, _errorCount, _status;
    private DateTimeOffset? _finishedAt;

    public Guid Id { get; } = id;
    public FieldTarget Target { get; } = target;
    public ImportMode Mode { get; } = mode;
    public UserAccess Actor { get; } = actor;
    /// <summary>The uploaded body, saved to a temporary file because the job outlives its request.</summary>
    public string File { get; } = file;

    public ImportStatus Status { get => (ImportStatus)_status; set => _status = (int)value; }
    public int RowsTotal { get => _rowsTotal; set => _rowsTotal = value; }
    public int RowsChecked { get => _rowsChecked; set => _rowsChecked = value; }
    public int RowsWritten { get => _rowsWritten; set => _rowsWritten = value; }
    public int ErrorCount => _errorCount;
    /// <summary>Per-table write times, when a benchmark asks for them (null in the server).</summary>
    public ImportTimings? Timings { get; init; }

    public void AddError(int row, string? column, string message)
    {
        lock (_errors)
            if (_errors.Count < MaxListedErrors) _errors.Add(new ImportError(row, column, message));
        Interlocked.Increment(ref _errorCount);
    }

    public void Finish(ImportStatus status, DateTimeOffset at)
    {
        lock (_errors) _finishedAt = at;
        Status = status;
    }

    public ImportJobResponse ToResponse()
    {
        lock (_errors)
            return new ImportJobResponse(
                Id, Target == FieldTarget.Users ? "users" : "companies", Mode == ImportMode.All ? "all" : "valid",
                Status.ToString().ToLowerInvariant(), RowsTotal, RowsChecked, RowsWritten, [.. _errors], ErrorCount, startedAt, _finishedAt);
    }
}

/// <summary>
/// The imports of this process, kept in memory (a restart forgets them, and an unfinished one
/// is lost: nothing of it was committed) and handed to <see cref="ImportWorker"/> in order.
/// </summary>
public sealed class ImportJobs(TimeProvider time)
{
    private readonly ConcurrentDictionary<Guid, ImportJob> _jobs = new();
    private readonly Channel<ImportJob> _queue = Channel.CreateUnbounded<ImportJob>(new UnboundedChannelOptions { SingleReader = true });

    public ChannelReader<ImportJob> Queue => _queue.Reader;

    public ImportJob Start(FieldTarget target, ImportMode mode, UserAccess actor, string file)
    {
        var job = new ImportJob(Guid.NewGuid(), target, mode, actor, file, time.GetUtcNow());
        _jobs[job.Id] = job;
        _queue.Writer.TryWrite(job);
        return job;
    }

    /// <summary>The job if <paramref name="userId"/> started it: others cannot tell it exists.</summary>
    public ImportJob? Find(Guid id, int userId) =>
        _jobs.TryGetValue(id, out var job) && job.Actor.UserId == userId ? job : null;
}

/// <summary>Runs queued imports one at a time: two bulk writes at once would only wait on each other's locks.</summary>
public sealed class ImportWorker(ImportJobs jobs, IServiceScopeFactory scopes, TimeProvider time, ILogger<ImportWorker> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var job in jobs.Queue.ReadAllAsync(stoppingToken))
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<CsvImport>().RunAsync(job, stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                log.LogError(e, "Import {ImportId} failed", job.Id);
                // The details (SQL, constraint names) stay in the log; one transaction means nothing was written.
                job.AddError(0, null, "The import failed unexpectedly (for instance an email taken meanwhile); nothing was written. Try again.");
                job.Finish(ImportStatus.Failed, time.GetUtcNow());
            }
            finally
            {
                System.IO.File.Delete(job.File);
            }
        }
    }
}
