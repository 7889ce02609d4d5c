using System.Collections.Concurrent;
using Microsoft.AspNetCore.Authentication;

namespace Rolodesk.Server.Features.Access;

/// <summary>
/// Remembers the tickets of bearer tokens already validated, so a client sending the same token on
/// every request pays data protection's decrypt-and-verify (key derivation, AES, HMAC) once a minute
/// instead of on every request. Nothing changes in what is accepted: only a token the wrapped
/// protector accepted is cached, each request gets its own copy of the ticket, and the bearer handler
/// still checks the ticket's expiry on every request. The cache is bounded (emptied when full).
/// </summary>
public sealed class BearerTicketCache(ISecureDataFormat<AuthenticationTicket> inner, TimeProvider time) : ISecureDataFormat<AuthenticationTicket>
{
    public const int MaxEntries = 10_000;
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(1);
    private readonly ConcurrentDictionary<(string Token, string? Purpose), (AuthenticationTicket Ticket, DateTimeOffset Until)> _tickets = new();

    public string Protect(AuthenticationTicket data) => inner.Protect(data);

    public string Protect(AuthenticationTicket data, string? purpose) => inner.Protect(data, purpose);

    public AuthenticationTicket? Unprotect(string? protectedText) => Unprotect(protectedText, null);

    public AuthenticationTicket? Unprotect(string? protectedText, string? purpose)
    {
        if (protectedText is null) return null;
        var now = time.GetUtcNow();
        if (_tickets.TryGetValue((protectedText, purpose), out var hit) && hit.Until > now) return hit.Ticket.Clone();
        var ticket = purpose is null ? inner.Unprotect(protectedText) : inner.Unprotect(protectedText, purpose);
        if (ticket is null) return null;
        if (_tickets.Count >= MaxEntries) _tickets.Clear();
        _tickets[(protectedText, purpose)] = (ticket.Clone(), now + Lifetime);
        return ticket;
    }
}
