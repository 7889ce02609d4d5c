using System.Net.Mail;
using System.Text.RegularExpressions;
using Rolodesk.Server.Infrastructure;

namespace Rolodesk.Server.Features.Contacts;

/// <summary>Field rules shared by users, companies and the own card.</summary>
public static partial class ContactRules
{
    public const int NameMax = 200, EmailMax = 256, PhoneMax = 50, DomainMax = 253, NotesMax = 10_000;

    public static string? Clean(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    public static void Name(string? name, ValidationErrors errors)
    {
        if (Clean(name) is not { } n) errors.Add("name", "Required.");
        else if (n.Length > NameMax) errors.Add("name", $"At most {NameMax} characters.");
        // PostgreSQL cannot store NUL at all, and no other control character belongs in a name.
        else if (n.Any(char.IsControl)) errors.Add("name", "Must not contain control characters such as line breaks.");
    }

    public static void Email(string? email, ValidationErrors errors)
    {
        if (Clean(email) is not { } e) return;
        if (e.Length > EmailMax) errors.Add("email", $"At most {EmailMax} characters.");
        else if (!MailAddress.TryCreate(e, out var parsed) || parsed.Address != e || !e.Contains('@'))
            errors.Add("email", "Not a valid email address.");
    }

    public static void Phone(string? phone, ValidationErrors errors)
    {
        if (Clean(phone) is not { } p) return;
        if (p.Length > PhoneMax) errors.Add("phone", $"At most {PhoneMax} characters.");
        else if (!PhonePattern().IsMatch(p)) errors.Add("phone", "Only digits, spaces and + ( ) - . are allowed.");
    }

    public static void Domain(string? domain, ValidationErrors errors)
    {
        if (Clean(domain) is not { } d) return;
        if (d.Length > DomainMax || !DomainPattern().IsMatch(d)) errors.Add("domain", "Not a valid domain name, such as example.com.");
    }

    public static void Notes(string? notes, ValidationErrors errors)
    {
        if (notes?.Length > NotesMax) errors.Add("notes", $"At most {NotesMax:N0} characters.");
        else if (notes?.Contains('\0') == true) errors.Add("notes", "Must not contain NUL characters.");
    }

    /// <summary>A search term as typed, trimmed; NUL cannot be stored (nor sent to PostgreSQL), so it is only noise.</summary>
    public static string? SearchTerm(string? term) => Clean(term?.Replace("\0", ""));

    /// <summary>Whether a search term is a phone fragment ("+44 20", "7946"), to be matched against phone digits.</summary>
    public static bool LooksLikePhone(string term) => PhonePattern().IsMatch(term) && term.Any(char.IsAsciiDigit);

    public static string? PhoneDigits(string? phone) =>
        Clean(phone) is { } p ? new string(p.Where(char.IsAsciiDigit).ToArray()) : null;

    [GeneratedRegex(@"^\+?[0-9 ().\-]{1,50}$")]
    private static partial Regex PhonePattern();

    [GeneratedRegex(@"^(?=.{1,253}$)([a-zA-Z0-9]([a-zA-Z0-9\-]{0,61}[a-zA-Z0-9])?\.)+[a-zA-Z]{2,63}$")]
    private static partial Regex DomainPattern();
}
