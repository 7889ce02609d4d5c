using Microsoft.EntityFrameworkCore;
using Rolodesk.Data.Access;
using Rolodesk.Server.Data;
using Rolodesk.Server.Features.Access;
using Rolodesk.Server.Features.ContactFields.Values;
using Rolodesk.Server.Infrastructure;

namespace Rolodesk.Server.Features.Contacts.Transfer;

// Users: matched by email (case-insensitive, as sign-in compares them): a known email updates
// that user, any other row creates one (a row without email always creates). The id column is
// ignored. Company by name; groups by name, "; "-separated: empty = Clients on create, unchanged
// on update. Agents-group changes need user-groups.manage, as in the API.
public sealed partial class CsvImport
{
    private sealed record ExistingUser(int Id, string Email, string? Phone, int? CompanyId, string? Document, List<int> Groups);

    /// <summary>Reads what the check needs from the database, and returns the check itself (synchronous, run on its own thread).</summary>
    private async Task<Action<ImportBatches>> PrepareUsersAsync(ImportJob job, Header header, FieldCatalog catalog, CancellationToken ct)
    {
        var emailColumn = header.Index("email");
        // The rows are counted (for the progress) on another thread while the check starts: no first
        // pass over the file before it. The known users are read a chunk of rows at a time, on a
        // context of their own (the writer's is busy meanwhile), just before the chunk is checked.
        var counting = Task.Run(() => job.RowsTotal = CountRows(job, header, null, static _ => { }), ct);
        var companies = header.Index("company") is null ? [] : (await db.Companies.AsNoTracking()
            .Select(c => new { c.Id, c.NormalizedName }).ToListAsync(ct))
            .GroupBy(c => c.NormalizedName).ToDictionary(g => g.Key, g => g.Select(c => c.Id).ToList(), StringComparer.Ordinal);
        var groups = await db.UserGroups.AsNoTracking().Select(g => new { g.Id, g.Name, g.Kind }).ToListAsync(ct);
        var groupByName = groups.ToDictionary(g => g.Name.Trim(), g => g.Id, StringComparer.OrdinalIgnoreCase);
        var agentGroups = groups.Where(g => g.Kind == UserGroupKind.Agents).Select(g => g.Id).ToHashSet();
        var clients = groups.First(g => g.Name == DefaultGroups.Clients).Id;
        var manager = job.Actor.Has(Permissions.UserGroupsManage);
        var cells = new CustomFieldCells(catalog, job.Actor, header.Fields) { Timings = job.Timings };
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        var byEmail = new Dictionary<string, ExistingUser>(StringComparer.Ordinal);
        var emails = new List<string>(ImportBatches.Size);

        return rows =>
        {
            using var reads = dbs.CreateDbContext();
            ForEachChunk(job, header, ImportBatches.Size, chunk =>
            {
                emails.Clear();
                if (emailColumn is { } column)
                    foreach (var (_, row) in chunk)
                        if (ContactRules.Clean(CsvFormat.Restore(row[column])) is { } e) emails.Add(normalizer.NormalizeEmail(e));
                byEmail.Clear();
                // One query per chunk for every card it may update; one parameter holding the list (not one per email).
                if (emails.Count > 0)
                    foreach (var user in reads.Users.AsNoTracking()
                        .Where(u => EF.Parameter(emails).Contains(u.NormalizedEmail!))
                        .Select(u => new ExistingUser(u.Id, u.NormalizedEmail!, u.Phone, u.CompanyId, u.CustomFields, u.Groups.Select(g => g.Id).ToList())))
                        byEmail[user.Email] = user;
                foreach (var (number, row) in chunk) Check(number, row);
            });
            counting.GetAwaiter().GetResult();

            void Check(int number, string[] row)
            {
                var errors = new ValidationErrors();
                string? Cell(string column) => header.Index(column) is { } i ? CsvFormat.Restore(row[i]) : null;
                var (name, email, phone) = (Cell("name"), Cell("email"), Cell("phone"));
                ContactRules.Name(name, errors);
                ContactRules.Email(email, errors);
                ContactRules.Phone(phone, errors);
                var normalizedEmail = ContactRules.Clean(email) is { } e ? normalizer.NormalizeEmail(e) : null;
                if (normalizedEmail is not null && !errors.All.ContainsKey("email") && !seen.TryAdd(normalizedEmail, number))
                    errors.Add("email", $"The same email is on row {seen[normalizedEmail]}.");
                var current = normalizedEmail is null ? null : byEmail.GetValueOrDefault(normalizedEmail);

                int? companyId = current?.CompanyId;
                if (Cell("company") is { } companyCell)
                {
                    companyId = null;
                    if (ContactRules.Clean(companyCell) is { } companyName)
                    {
                        if (!companies.TryGetValue(companyName.ToUpperInvariant(), out var ids)) errors.Add("company", $"There is no company named '{companyName}'.");
                        else if (ids.Count > 1) errors.Add("company", $"Several companies are named '{companyName}'; set this one on the card.");
                        else companyId = ids[0];
                    }
                }

                int[]? groupIds = null;
                if (ContactRules.Clean(Cell("groups")) is { } groupCell)
                {
                    var found = new List<int>();
                    foreach (var groupName in groupCell.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
                        if (groupByName.TryGetValue(groupName, out var id)) found.Add(id);
                        else errors.Add("groups", $"There is no user group named '{groupName}'.");
                    groupIds = [.. found.Distinct()];
                    var changed = groupIds.ToHashSet();
                    changed.SymmetricExceptWith(current?.Groups ?? []);
                    if (!manager && changed.Any(agentGroups.Contains))
                        errors.Add("groups", "Changing membership of an agents group needs the right 'user-groups.manage'.");
                }
                var cardGroups = groupIds ?? current?.Groups.ToArray() ?? [clients];
                var document = (current is null ? cells.TryCreate(row, cardGroups) : null)
                    ?? cells.Apply(row, cardGroups, current?.Document, current is null, errors);
                job.RowsChecked++;
                if (errors.Any || document is not { } d)
                {
                    Report(job, number, errors);
                    return;
                }
                if (Doomed(job)) return;
                rows.Add(new ImportRow
                {
                    ExistingId = current?.Id,
                    Name = ContactRules.Clean(name)!,
                    Email = ContactRules.Clean(email),
                    NormalizedEmail = normalizedEmail,
                    Phone = header.Index("phone") is null ? current?.Phone : ContactRules.Clean(phone),
                    NormalizedPhone = ContactRules.PhoneDigits(header.Index("phone") is null ? current?.Phone : phone),
                    CompanyId = companyId,
                    GroupIds = current is null ? cardGroups : groupIds,
                    Document = d.Document,
                    DocumentChanged = d.Changed.Length > 0,
                    ChangedFields = d.Changed,
                    Index = d.Index,
                });
            }
        };
        // Creates carry emails the chunks' queries did not find, so they are free (unless taken meanwhile:
        // the unique index then fails the transaction and nothing is written).
    }
}
