using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Rolodesk.Data;
using Rolodesk.Data.ContactFields;
using Rolodesk.Data.Contacts;
using Rolodesk.Server.Features.Access;
using Rolodesk.Server.Features.ContactFields.Values;
using Rolodesk.Server.Infrastructure;

namespace Rolodesk.Server.Features.Contacts;

/// <summary>
/// Every write to a company card, for the API and the UI alike, so both validate the same way.
/// The actor's right is checked here too: the UI has no endpoint filter in front of it.
/// </summary>
public sealed class CompanyWriter(RolodeskDbContext db, CardFields fields, TimeProvider time)
{
    public async Task<WriteResult<CompanyResponse>> CreateAsync(CompanyRequest body, UserAccess actor, CancellationToken ct)
    {
        if (Refuse(actor) is { } refused) return refused;
        var errors = Validate(body);
        var values = await fields.ApplyAsync(FieldTarget.Companies, actor, [], null, body.CustomFields, true, errors, ct);
        if (errors.Any) return errors;
        var company = new Company { Name = "" };
        Apply(company, body);
        company.CustomFields = values!.Document;
        company.CreatedAt = company.UpdatedAt = time.GetUtcNow();
        // The index rows need the new id: two saves, one transaction.
        await using var tx = values.Changed.Count > 0 ? await db.Database.BeginTransactionAsync(ct) : null;
        db.Companies.Add(company);
        await db.SaveChangesAsync(ct);
        if (tx is not null)
        {
            await fields.IndexAsync(FieldTarget.Companies, company.Id, company.NormalizedName, values, true, false, ct);
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }
        return new(await GetAsync(company.Id, actor, ct));
    }

    public async Task<WriteResult<CompanyResponse>> UpdateAsync(int id, CompanyRequest body, UserAccess actor, CancellationToken ct)
    {
        if (Refuse(actor) is { } refused) return refused;
        var company = await db.Companies.SingleOrDefaultAsync(c => c.Id == id, ct);
        if (company is null) return Problems.NotFound("Company", id);
        var errors = Validate(body);
        var values = await fields.ApplyAsync(FieldTarget.Companies, actor, [], company.CustomFields, body.CustomFields, false, errors, ct);
        if (errors.Any) return errors;
        var sortKey = company.NormalizedName;
        Apply(company, body);
        company.CustomFields = values!.Document;
        await fields.IndexAsync(FieldTarget.Companies, id, company.NormalizedName, values, false, company.NormalizedName != sortKey, ct);
        company.UpdatedAt = time.GetUtcNow();
        await db.SaveChangesAsync(ct);
        return new(await GetAsync(id, actor, ct));
    }

    /// <summary>Deletes a company; its users stay, without a company. Null when done.</summary>
    public async Task<ProblemHttpResult?> DeleteAsync(int id, UserAccess actor, CancellationToken ct)
    {
        if (Refuse(actor) is { } refused) return refused;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var company = await db.Companies.SingleOrDefaultAsync(c => c.Id == id, ct);
        if (company is null) return Problems.NotFound("Company", id);
        await db.Users.Where(u => u.CompanyId == id).ExecuteUpdateAsync(s => s.SetProperty(u => u.CompanyId, (int?)null), ct);
        await CardIndex.DeleteCardAsync(db, FieldTarget.Companies, id, ct);
        db.Companies.Remove(company);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return null;
    }

    public static ValidationErrors Validate(CompanyRequest body)
    {
        var errors = new ValidationErrors();
        ContactRules.Name(body.Name, errors);
        ContactRules.Domain(body.Domain, errors);
        ContactRules.Notes(body.Notes, errors);
        return errors;
    }

    private static ProblemHttpResult? Refuse(UserAccess actor) =>
        actor.Has(Permissions.ContactsEdit) ? null : Problems.Forbidden("Changing companies needs the right 'contacts.edit'.");

    private async Task<CompanyResponse> GetAsync(int id, UserAccess actor, CancellationToken ct) =>
        (await db.GetCompanyAsync(id, fields, actor, ct))!;

    private static void Apply(Company company, CompanyRequest body)
    {
        company.Name = ContactRules.Clean(body.Name)!;
        company.NormalizedName = company.Name.ToUpperInvariant();
        company.Domain = ContactRules.Clean(body.Domain)?.ToLowerInvariant();
        company.Notes = string.IsNullOrWhiteSpace(body.Notes) ? null : body.Notes;
    }
}
