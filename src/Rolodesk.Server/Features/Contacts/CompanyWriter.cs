using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Rolodesk.Data;
using Rolodesk.Data.Contacts;
using Rolodesk.Server.Features.Access;
using Rolodesk.Server.Infrastructure;

namespace Rolodesk.Server.Features.Contacts;

/// <summary>
/// Every write to a company card, for the API and the UI alike, so both validate the same way.
/// The actor's right is checked here too: the UI has no endpoint filter in front of it.
/// </summary>
public sealed class CompanyWriter(RolodeskDbContext db, TimeProvider time)
{
    public async Task<WriteResult<CompanyResponse>> CreateAsync(CompanyRequest body, UserAccess actor, CancellationToken ct)
    {
        if (Refuse(actor) is { } refused) return refused;
        if (Validate(body) is { Any: true } errors) return errors;
        var company = new Company { Name = "" };
        Apply(company, body);
        company.CreatedAt = company.UpdatedAt = time.GetUtcNow();
        db.Companies.Add(company);
        await db.SaveChangesAsync(ct);
        return new(await GetAsync(company.Id, ct));
    }

    public async Task<WriteResult<CompanyResponse>> UpdateAsync(int id, CompanyRequest body, UserAccess actor, CancellationToken ct)
    {
        if (Refuse(actor) is { } refused) return refused;
        var company = await db.Companies.SingleOrDefaultAsync(c => c.Id == id, ct);
        if (company is null) return Problems.NotFound("Company", id);
        if (Validate(body) is { Any: true } errors) return errors;
        Apply(company, body);
        company.UpdatedAt = time.GetUtcNow();
        await db.SaveChangesAsync(ct);
        return new(await GetAsync(id, ct));
    }

    /// <summary>Deletes a company; its users stay, without a company. Null when done.</summary>
    public async Task<ProblemHttpResult?> DeleteAsync(int id, UserAccess actor, CancellationToken ct)
    {
        if (Refuse(actor) is { } refused) return refused;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var company = await db.Companies.SingleOrDefaultAsync(c => c.Id == id, ct);
        if (company is null) return Problems.NotFound("Company", id);
        await db.Users.Where(u => u.CompanyId == id).ExecuteUpdateAsync(s => s.SetProperty(u => u.CompanyId, (int?)null), ct);
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

    private Task<CompanyResponse> GetAsync(int id, CancellationToken ct) =>
        db.Companies.AsNoTracking().Where(c => c.Id == id).ToResponse().SingleAsync(ct);

    private static void Apply(Company company, CompanyRequest body)
    {
        company.Name = ContactRules.Clean(body.Name)!;
        company.NormalizedName = company.Name.ToUpperInvariant();
        company.Domain = ContactRules.Clean(body.Domain)?.ToLowerInvariant();
        company.Notes = string.IsNullOrWhiteSpace(body.Notes) ? null : body.Notes;
    }
}
