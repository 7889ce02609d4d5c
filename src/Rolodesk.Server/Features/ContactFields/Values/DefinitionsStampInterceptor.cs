using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Rolodesk.Data.Access;
using Rolodesk.Data.ContactFields;

namespace Rolodesk.Server.Features.ContactFields.Values;

/// <summary>
/// Changes the <see cref="DefinitionsStamp"/> in the same SaveChanges as any change to field
/// groups, fields, access lists, field group audiences or user groups (ADR 0005), so no writer
/// can forget it; and tells this process's <see cref="FieldDefinitionsCache"/> once the change is
/// committed (not before: a reader would otherwise re-read the old stamp and keep the old copy).
/// Set-based statements (ExecuteUpdate/ExecuteDelete) bypass it: none touches definitions.
/// </summary>
public sealed class DefinitionsStampInterceptor(FieldDefinitionsCache cache) : SaveChangesInterceptor, IDbTransactionInterceptor
{
    // Contexts that saved a definition change inside a transaction not yet committed.
    private readonly ConditionalWeakTable<DbContext, object> _pending = [];

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Stamp(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(
        DbContextEventData eventData, InterceptionResult<int> result, CancellationToken ct = default)
    {
        Stamp(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        Saved(eventData.Context);
        return result;
    }

    public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken ct = default)
    {
        Saved(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => Committed(eventData.Context);

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken ct = default)
    {
        Committed(eventData.Context);
        return Task.CompletedTask;
    }

    private void Stamp(DbContext? db)
    {
        if (db is null || !db.ChangeTracker.Entries().Any(IsDefinitionChange)) return;
        var tracked = db.ChangeTracker.Entries<DefinitionsStamp>().FirstOrDefault();
        var entry = tracked ?? db.Attach(new DefinitionsStamp { Id = DefinitionsStamp.SingletonId });
        entry.Entity.Value = Guid.NewGuid();
        entry.Property(s => s.Value).IsModified = true;
        _pending.AddOrUpdate(db, this);
    }

    private void Saved(DbContext? db)
    {
        if (db is null || db.Database.CurrentTransaction is not null || !_pending.Remove(db)) return;
        cache.Invalidate();
    }

    private void Committed(DbContext? db)
    {
        if (db is not null && _pending.Remove(db)) cache.Invalidate();
    }

    private static bool IsDefinitionChange(Microsoft.EntityFrameworkCore.ChangeTracking.EntityEntry e) =>
        e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted
        && (e.Entity is FieldGroup or CustomField or CustomFieldAccess or UserGroup || e.Metadata.Name == "FieldGroupUserGroups");
}
