using Microsoft.EntityFrameworkCore;
using Rolodesk.Data;

namespace Rolodesk.Server.Features.Statuses;

/// <summary>Reads for the history pages, beside <see cref="StatusQueries"/>.</summary>
public static class StatusPalette
{
    /// <summary>Colour of every status ever made, deleted ones too: the history draws the "from" status of each change in its colour.</summary>
    public static Task<Dictionary<int, string>> AllColorsAsync(this RolodeskDbContext db, CancellationToken ct) =>
        db.Statuses.AsNoTracking().ToDictionaryAsync(s => s.Id, s => s.Color, ct);

    /// <summary>Whether the user has a status history to show: every agent has one (Offline since creation), and so has a former agent with changes.</summary>
    public static async Task<bool> HasHistoryAsync(this RolodeskDbContext db, int userId, CancellationToken ct) =>
        await db.IsAgentAsync(userId, ct) || await db.StatusIntervals.AnyAsync(i => i.AgentId == userId, ct);
}
