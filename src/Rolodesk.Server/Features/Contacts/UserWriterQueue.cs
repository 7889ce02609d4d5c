using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Rolodesk.Data;
using Rolodesk.Data.ContactFields;
using Rolodesk.Data.Contacts;
using Rolodesk.Server.Features.ContactFields.Values;

namespace Rolodesk.Server.Features.Contacts;

/// <summary>A validated new user waiting to be written; <see cref="Catalog"/> is the definitions its values were checked against.</summary>
public sealed record PendingCreate(User User, IReadOnlyList<int> GroupIds, CardChange Values, FieldCatalog Catalog)
{
    internal TaskCompletionSource<CreateOutcome> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}

public enum CreateOutcome { Created, EmailTaken, Outdated }

/// <summary>
/// Group commit for user creates. Each request validates its card itself, then hands it here; one
/// writer inserts every create waiting at that moment in ONE transaction (a few statements for the
/// whole batch instead of ~9 per user, and on SQLite no writer sleeping in the busy handler).
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
            var emails = batch.Select(c => c.User.NormalizedEmail).OfType<string>().Distinct().ToList();
            // One index look-up per email: EF's Contains over a list parameter becomes json_each on SQLite, which scans the table.
            var taken = new HashSet<string>(StringComparer.Ordinal);
            foreach (var email in emails)
                if (await db.Users.AnyAsync(u => u.NormalizedEmail == email, ct)) taken.Add(email);
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
            catch (Exception e) when (accepted.Count > 1 && e is not OperationCanceledException)
            {
                log.LogWarning(e, "A batch of {Count} user creates failed; writing them one by one.", accepted.Count);
            }
        }
        foreach (var c in accepted)
        {
            c.User.Id = 0;
            await using var db = await contexts.CreateDbContextAsync(ct);
            try
            {
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
                if (e is DbUpdateException && c.User.NormalizedEmail is { } email && await EmailExistsAsync(email, ct))
                    c.Done.TrySetResult(CreateOutcome.EmailTaken);
                else c.Done.TrySetException(e);
            }
        }
    }

    /// <summary>The users (with their memberships), then their filter index rows, in one transaction.</summary>
    private static async Task InsertAsync(RolodeskDbContext db, List<PendingCreate> creates, CancellationToken ct)
    {
        var ids = creates.SelectMany(c => c.GroupIds).Distinct().ToList();
        var groups = await db.UserGroups.Where(g => ids.Contains(g.Id)).ToDictionaryAsync(g => g.Id, ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        foreach (var c in creates)
        {
            c.User.Groups = [.. c.GroupIds.Select(id => groups[id])];
            db.Users.Add(c.User);
        }
        await db.SaveChangesAsync(ct);
        foreach (var c in creates)
            if (c.Values.Changed.Count > 0)
                await CardIndex.ReplaceAsync(db, FieldTarget.Users, c.User.Id, c.Values.Document, c.Values.Changed, created: true, ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
    }

    private async Task<bool> EmailExistsAsync(string normalized, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await db.Users.AnyAsync(u => u.NormalizedEmail == normalized, ct);
    }
}
