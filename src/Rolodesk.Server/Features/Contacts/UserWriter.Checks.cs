using Microsoft.EntityFrameworkCore;
using Rolodesk.Data.Access;
using Rolodesk.Data.Contacts;
using Rolodesk.Server.Infrastructure;

namespace Rolodesk.Server.Features.Contacts;

// The checks and card mapping shared by the user writes.
public sealed partial class UserWriter
{
    private static void ValidateCard(string? name, string? email, string? phone, ValidationErrors errors)
    {
        ContactRules.Name(name, errors);
        ContactRules.Email(email, errors);
        ContactRules.Phone(phone, errors);
    }

    private void ApplyCard(User user, string? name, string? email, string? phone)
    {
        user.Name = ContactRules.Clean(name)!;
        user.NormalizedName = user.Name.ToUpperInvariant();
        user.Email = user.UserName = ContactRules.Clean(email);
        user.NormalizedEmail = user.NormalizedUserName = user.Email is null ? null : identity.NormalizeEmail(user.Email);
        user.Phone = ContactRules.Clean(phone);
        user.NormalizedPhone = ContactRules.PhoneDigits(phone);
    }

    private async Task<List<UserGroup>?> ResolveGroupsAsync(List<int>? ids, ValidationErrors errors, CancellationToken ct)
    {
        if (ids is null) return null;
        var distinct = ids.Distinct().ToList();
        var found = await db.UserGroups.Where(g => distinct.Contains(g.Id)).ToListAsync(ct);
        for (var i = 0; i < ids.Count; i++)
            if (found.All(g => g.Id != ids[i])) errors.Add($"groupIds[{i}]", $"There is no user group with id {ids[i]}.");
        return found;
    }

    private async Task<CompanyRef?> ValidateCompanyAsync(int? companyId, ValidationErrors errors, CancellationToken ct)
    {
        if (companyId is not { } c) return null;
        var company = await db.Companies.Where(x => x.Id == c).Select(x => new CompanyRef(x.Id, x.Name)).FirstOrDefaultAsync(ct);
        if (company is null) errors.Add("companyId", $"There is no company with id {c}.");
        return company;
    }

    private async Task ValidatePasswordAsync(User user, string? password, ValidationErrors errors)
    {
        if (password is null) return;
        foreach (var validator in identity.PasswordValidators)
        {
            var result = await validator.ValidateAsync(identity, user, password);
            foreach (var e in result.Errors) errors.Add("password", e.Description);
        }
    }

    private async Task<bool> EmailTakenAsync(string? email, int? exceptId, CancellationToken ct)
    {
        if (ContactRules.Clean(email) is not { } e) return false;
        var normalized = identity.NormalizeEmail(e);
        return await db.Users.AnyAsync(u => u.NormalizedEmail == normalized && u.Id != exceptId, ct);
    }

    private static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult EmailConflict() =>
        Problems.Conflict("The email is already in use.", "Another user has this email address (emails are compared case-insensitively).");
}
