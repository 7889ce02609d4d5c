using System.Data.Common;
using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Rolodesk.Data;
using Rolodesk.Data.ContactFields;
using Rolodesk.Data.Contacts;
using Rolodesk.Server.Data;
using Rolodesk.Server.Features.ContactFields.Values;

namespace Rolodesk.Server.Features.Contacts;

/// <summary>A validated new user waiting to be written; <see cref="Catalog"/> is the definitions its values were checked against.</summary>
public sealed record PendingCreate(User User, IReadOnlyList<int> GroupIds, CardChange Values, FieldCatalog Catalog)
{
    internal TaskCompletionSource<CreateOutcome> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The card's groups as the writer read them in its transaction (set when <see cref="CreateOutcome.Created"/>).</summary>
    public IReadOnlyList<GroupRef> Groups { get; internal set; } = [];
}

public enum CreateOutcome { Created, EmailTaken, Outdated }

/// <summary>
/// Group commit for user creates. Each request validates its card itself, then hands it here; one
/// writer inserts every create waiting at that moment in ONE transaction (a few statements for the
/// whole batch instead of ~9 per user, and on SQLite no writer sleeping in the busy handler),
/// with hand-written statements (<see cref="UserInsertSql"/>).
/// Per batch it compares the definitions stamp once (a card checked against definitions changed
/// since is sent back to be checked again: <see cref="CreateOutcome.Outdated"/>) and checks the
/// emails under the single writer, so a duplicate fails alone. If the batch fails, its creates are
/// retried one by one, so one bad create never fails the others.
/// </summary>
public sealed class UserWriterQueue(IDbContextFactory<RolodeskDbContext> contexts, FieldDefinitionsCache definitions, ILogger<UserWriterQueue> log)
    : BackgroundService
{
    private const int MaxBatch = 256;
    private readonly Channel<PendingCreate> _pending = Channel.CreateUnbounded<PendingCreate>(new() { SingleReader = true });

    public Task<CreateOutcome> CreateAsync(PendingCreate create)
    {
        if (!_pending.Writer.TryWrite(create)) throw new InvalidOperationException("The app is stopping.");
        return create.Done.Task;
    }

    protected override async Task ExecuteAsync(CancellationToken stop)
    {
        var batch = new List<PendingCreate>(MaxBatch);
        try
        {
            while (await _pending.Reader.WaitToReadAsync(stop))
            {
                while (batch.Count < MaxBatch && _pending.Reader.TryRead(out var next)) batch.Add(next);
                try
                {
                    await WriteBatchAsync(batch, stop);
                }
                catch (Exception e)
                {
                    foreach (var c in batch) c.Done.TrySetException(e);
                }
                batch.Clear();
            }
        }
        finally
        {
            _pending.Writer.TryComplete();
            while (_pending.Reader.TryRead(out var left)) left.Done.TrySetCanceled(stop);
        }
    }

    private async Task WriteBatchAsync(List<PendingCreate> batch, CancellationToken ct)
    {
        List<PendingCreate> accepted = [];
        await using (var db = await contexts.CreateDbContextAsync(ct))
        {
            var catalog = await definitions.GetAsync(db, FieldTarget.Users, fresh: true, ct);
            await db.Database.OpenConnectionAsync(ct);
            try
            {
                var emails = batch.Select(c => c.User.NormalizedEmail).OfType<string>().Distinct().ToList();
                var taken = await UserInsertSql.TakenEmailsAsync(db, emails, ct);
                foreach (var c in batch)
                {
                    if (!ReferenceEquals(c.Catalog, catalog)) c.Done.TrySetResult(CreateOutcome.Outdated);
                    // The first of two creates with one email in a batch wins, as it would one at a time.
                    else if (c.User.NormalizedEmail is { } e && !taken.Add(e)) c.Done.TrySetResult(CreateOutcome.EmailTaken);
                    else accepted.Add(c);
                }
                if (accepted.Count == 0) return;
                try
                {
                    await InsertAsync(db, accepted, ct);
                    foreach (var c in accepted) c.Done.TrySetResult(CreateOutcome.Created);
                    return;
                }
                catch (Exception e) when ((accepted.Count > 1 || e is KeyNotFoundException) && e is not OperationCanceledException)
                {
                    if (accepted.Count > 1) log.LogWarning(e, "A batch of {Count} user creates failed; writing them one by one.", accepted.Count);
                }
            }
            finally
            {
                await db.Database.CloseConnectionAsync();
            }
        }
        foreach (var c in accepted)
        {
            c.User.Id = 0;
            await using var db = await contexts.CreateDbContextAsync(ct);
            try
            {
                await db.Database.OpenConnectionAsync(ct);
                await InsertAsync(db, [c], ct);
                c.Done.TrySetResult(CreateOutcome.Created);
            }
            catch (KeyNotFoundException)
            {
                // A user group was deleted since the request checked it: check again (and report it).
                c.Done.TrySetResult(CreateOutcome.Outdated);
            }
            catch (Exception e)
            {
                // A unique-index refusal of the email (another write took it since the check) is a conflict, not a failure.
                if (e is DbException or DbUpdateException && c.User.NormalizedEmail is { } email && await EmailExistsAsync(email, ct))
                    c.Done.TrySetResult(CreateOutcome.EmailTaken);
                else c.Done.TrySetException(e);
            }
            finally
            {
                await db.Database.CloseConnectionAsync();
            }
        }
    }

    /// <summary>The users, their memberships and their filter index rows, in one transaction (<see cref="UserInsertSql"/>).</summary>
    private static async Task InsertAsync(RolodeskDbContext db, List<PendingCreate> creates, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var groups = await UserInsertSql.GroupsAsync(db, [.. creates.SelectMany(c => c.GroupIds).Distinct()], ct);
        // A group missing now was deleted after the request checked it (KeyNotFoundException: checked again).
        foreach (var c in creates) c.Groups = [.. c.GroupIds.Select(id => groups[id])];
        await UserInsertSql.InsertAsync(db, creates, ct);
        await tx.CommitAsync(ct);
    }

    /// <summary>
    /// The id of the default group of new users (the system group "Clients"), read once: a system
    /// group is never deleted and its kind never changes. A create that finds it gone (a database
    /// swapped under the app) is sent back and reads it again (<paramref name="fresh"/>).
    /// </summary>
    public async Task<int> DefaultGroupIdAsync(RolodeskDbContext db, bool fresh, CancellationToken ct)
    {
        var id = Volatile.Read(ref _defaultGroupId);
        if (id != 0 && !fresh) return id;
        id = await db.UserGroups.Where(g => g.Name == DefaultGroups.Clients && g.IsSystem).Select(g => g.Id).SingleAsync(ct);
        Volatile.Write(ref _defaultGroupId, id);
        return id;
    }

    private int _defaultGroupId;

    private async Task<bool> EmailExistsAsync(string normalized, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await db.Users.AnyAsync(u => u.NormalizedEmail == normalized, ct);
    }
}
