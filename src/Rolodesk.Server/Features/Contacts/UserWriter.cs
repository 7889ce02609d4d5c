using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Rolodesk.Data;
using Rolodesk.Data.Access;
using Rolodesk.Data.ContactFields;
using Rolodesk.Data.Contacts;
using Rolodesk.Server.Data;
using Rolodesk.Server.Features.Access;
using Rolodesk.Server.Features.ContactFields.Values;
using Rolodesk.Server.Infrastructure;

namespace Rolodesk.Server.Features.Contacts;

/// <summary>
/// Every write to a user card, for the API and the UI alike, so both enforce the same rules:
/// validation (all errors at once), unique email, and rights. Changing agent-group memberships,
/// setting passwords and deleting agents need <c>user-groups.manage</c>; nobody can remove the
/// last holder of that right.
/// </summary>
public sealed partial class UserWriter(
    RolodeskDbContext db, UserManager<User> identity, PermissionService permissions, CardFields fields, UserWriterQueue queue, TimeProvider time)
{
    /// <summary>
    /// Validates here, writes through <see cref="UserWriterQueue"/> (batched with concurrent creates),
    /// and answers from what was written: the card is not read back.
    /// </summary>
    public async Task<WriteResult<UserResponse>> CreateAsync(UserRequest body, UserAccess actor, CancellationToken ct)
    {
        for (var attempt = 0; ; attempt++)
        {
            var errors = new ValidationErrors();
            ValidateCard(body.Name, body.Email, body.Phone, errors);
            var groups = await ResolveGroupsAsync(body.GroupIds, errors, ct);
            var company = await ValidateCompanyAsync(body.CompanyId, errors, ct);
            // Added directly rather than through UserManager.CreateAsync, so lockout must be switched on here.
            var user = new User { Name = "", SecurityStamp = Guid.NewGuid().ToString("N"), LockoutEnabled = identity.Options.Lockout.AllowedForNewUsers };
            await ValidatePasswordAsync(user, body.Password, errors);
            // Without groups: the default group (Clients, a system group: never an agents group), its id cached by the writer.
            List<int> groupIds = groups is null ? [await queue.DefaultGroupIdAsync(db, fresh: attempt > 0, ct)] : [.. groups.Select(g => g.Id)];
            // The cached definitions: the writer compares their stamp once per batch and sends the card back if they changed.
            var catalog = attempt == 0 ? await fields.CatalogAsync(FieldTarget.Users, ct) : await fields.FreshCatalogAsync(FieldTarget.Users, ct);
            var values = CardFields.Apply(catalog, actor, groupIds, null, body.CustomFields, true, errors);
            if (errors.Any) return errors;

            if (groups is not null && groups.Any(g => g.Kind == UserGroupKind.Agents) && !actor.Has(Permissions.UserGroupsManage))
                return Problems.Forbidden("Adding a user to an agents group needs the right 'user-groups.manage'.");
            if (body.Password is not null && !actor.Has(Permissions.UserGroupsManage))
                return Problems.Forbidden("Setting a password needs the right 'user-groups.manage'.");

            // Stored as Unix milliseconds: the answer carries the time as it will be read back.
            var now = DateTimeOffset.FromUnixTimeMilliseconds(time.GetUtcNow().ToUnixTimeMilliseconds());
            ApplyCard(user, body.Name, body.Email, body.Phone);
            user.CompanyId = body.CompanyId;
            user.CreatedAt = user.UpdatedAt = now;
            if (body.Password is not null) user.PasswordHash = identity.PasswordHasher.HashPassword(user, body.Password);
            user.CustomFields = values!.Document;
            var pending = new PendingCreate(user, groupIds, values, catalog);
            switch (await queue.CreateAsync(pending))
            {
                case CreateOutcome.EmailTaken: return EmailConflict();
                case CreateOutcome.Outdated when attempt < 3: continue;
                case CreateOutcome.Outdated: throw new InvalidOperationException("Field definitions kept changing while creating a user.");
            }
            // Groups are listed by name as the database orders them (its collation), which is the catalog's order of
            // the groups: only a group newer than the catalog needs the card read back.
            if (groupIds.Count > 1 && !catalog.KnowsGroups(groupIds))
            {
                var card = (await UserCardReader.ReadAsync(db, user.Id, ct))!;
                return new(card.ToResponse(await fields.UserCatalogAsync(card.GroupIds, ct), actor));
            }
            IReadOnlyList<GroupRef> written = groupIds.Count > 1 ? catalog.GroupsOf(groupIds) : pending.Groups;
            return new(new UserResponse(
                user.Id, user.Name, user.Email, user.Phone, company, written, written.Any(g => g.Kind == "agents"),
                user.PasswordHash is not null, now, now, CardFields.Visible(catalog, actor, groupIds, user.CustomFields)));
        }
    }

    public async Task<WriteResult<UserResponse>> UpdateAsync(int id, UserRequest body, UserAccess actor, CancellationToken ct)
    {
        await using var tx = await AccessGuard.BeginAsync(db, ct);
        var user = await db.Users.Include(u => u.Groups).SingleOrDefaultAsync(u => u.Id == id, ct);
        if (user is null) return Problems.NotFound("User", id);

        var errors = new ValidationErrors();
        ValidateCard(body.Name, body.Email, body.Phone, errors);
        var groups = await ResolveGroupsAsync(body.GroupIds, errors, ct);
        await ValidateCompanyAsync(body.CompanyId, errors, ct);
        await ValidatePasswordAsync(user, body.Password, errors);
        var cardGroups = (groups ?? user.Groups).Select(g => g.Id).ToList();
        var values = await fields.ApplyAsync(FieldTarget.Users, actor, cardGroups, user.CustomFields, body.CustomFields, false, errors, ct);
        if (errors.Any) return errors;

        var manager = actor.Has(Permissions.UserGroupsManage);
        if (groups is not null)
        {
            var changed = groups.Select(g => g.Id).ToHashSet();
            changed.SymmetricExceptWith(user.Groups.Select(g => g.Id));
            var touchesAgents = groups.Concat(user.Groups).Any(g => changed.Contains(g.Id) && g.Kind == UserGroupKind.Agents);
            if (touchesAgents && !manager)
                return Problems.Forbidden("Changing membership of an agents group needs the right 'user-groups.manage'.");
            if (groups.Count == 0) return errors.Add("groupIds", "A user belongs to at least one user group.");
        }
        if (body.Password is not null && !manager)
            return Problems.Forbidden("Setting a password needs the right 'user-groups.manage'.");
        if (await EmailTakenAsync(body.Email, id, ct)) return EmailConflict();

        var sortKey = user.NormalizedName;
        var left = groups is not null && user.Groups.Any(g => groups.All(n => n.Id != g.Id));
        ApplyCard(user, body.Name, body.Email, body.Phone);
        user.CompanyId = body.CompanyId;
        if (groups is not null) user.Groups = groups;
        if (body.Password is not null)
        {
            user.PasswordHash = identity.PasswordHasher.HashPassword(user, body.Password);
            user.SecurityStamp = Guid.NewGuid().ToString("N");
        }
        user.CustomFields = values!.Document;
        await fields.IndexAsync(FieldTarget.Users, id, user.NormalizedName, values, false, user.NormalizedName != sortKey, ct);
        user.UpdatedAt = time.GetUtcNow();
        user.ConcurrencyStamp = Guid.NewGuid().ToString();
        await db.SaveChangesAsync(ct);
        // Values of fields no longer on the card stay in the document (they come back if the user joins again) and in the index.
        if (left) await HiddenValues.UserLeftAsync(db, id, ct);
        if (groups is not null && await AccessGuard.NoManagerLeftAsync(db, ct)) return AccessGuard.LastManagerProblem();
        await tx.CommitAsync(ct);
        if (groups is not null) permissions.Invalidate();
        return new((await db.GetCardAsync(id, fields, actor, ct))!);
    }

    /// <summary>Changes only what a user may change on their own card; custom fields with the rights of their own groups.</summary>
    public async Task<WriteResult<UserResponse>> UpdateOwnAsync(int id, MeRequest body, CancellationToken ct)
    {
        var user = await db.Users.Include(u => u.Groups).SingleOrDefaultAsync(u => u.Id == id, ct);
        if (user is null || await permissions.GetAsync(id, ct) is not { } self) return Problems.NotFound("User", id);
        var errors = new ValidationErrors();
        ValidateCard(body.Name, body.Email, body.Phone, errors);
        if (user.PasswordHash is not null && ContactRules.Clean(body.Email) is null)
            errors.Add("email", "Required: you sign in with it.");
        var values = await fields.ApplyAsync(
            FieldTarget.Users, self, [.. user.Groups.Select(g => g.Id)], user.CustomFields, body.CustomFields, false, errors, ct);
        if (errors.Any) return errors;
        if (await EmailTakenAsync(body.Email, id, ct)) return EmailConflict();
        var sortKey = user.NormalizedName;
        ApplyCard(user, body.Name, body.Email, body.Phone);
        user.CustomFields = values!.Document;
        await fields.IndexAsync(FieldTarget.Users, id, user.NormalizedName, values, false, user.NormalizedName != sortKey, ct);
        user.UpdatedAt = time.GetUtcNow();
        user.ConcurrencyStamp = Guid.NewGuid().ToString();
        await db.SaveChangesAsync(ct);
        return new((await db.GetCardAsync(id, fields, self, ct))!);
    }

    public async Task<Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult?> DeleteAsync(int id, UserAccess actor, CancellationToken ct)
    {
        await using var tx = await AccessGuard.BeginAsync(db, ct);
        var user = await db.Users.Include(u => u.Groups).SingleOrDefaultAsync(u => u.Id == id, ct);
        if (user is null) return Problems.NotFound("User", id);
        if (user.Groups.Any(g => g.Kind == UserGroupKind.Agents) && !actor.Has(Permissions.UserGroupsManage))
            return Problems.Forbidden("Deleting an agent needs the right 'user-groups.manage'.");
        if (id == actor.UserId)
            return Problems.Conflict("You cannot delete yourself.", "Ask another administrator.");
        await CardIndex.DeleteCardAsync(db, FieldTarget.Users, id, ct);
        db.Users.Remove(user);
        await db.SaveChangesAsync(ct);
        // Status history has no foreign key to Users (ADR 0009): after the user (and, by cascade, the
        // presence row every status write checks) is gone, no new interval can appear for them.
        await db.StatusIntervals.Where(i => i.AgentId == id).ExecuteDeleteAsync(ct);
        if (await AccessGuard.NoManagerLeftAsync(db, ct)) return AccessGuard.LastManagerProblem();
        await tx.CommitAsync(ct);
        permissions.Invalidate();
        return null;
    }
}
