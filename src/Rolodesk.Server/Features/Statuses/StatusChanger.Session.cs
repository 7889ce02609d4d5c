using Rolodesk.Data.Statuses;

namespace Rolodesk.Server.Features.Statuses;

public sealed partial class StatusChanger
{
    /// <summary>Signing in (token or cookie) puts an agent Online; for anyone else it does nothing.</summary>
    public async Task<ChangeResult> SignedInAsync(int userId, CancellationToken ct = default) =>
        await ChangeAsync(new StatusChange(userId, await system.OnlineAsync(db, ct), StatusSource.SignIn, userId), ct);

    /// <summary>Signing out puts an agent Offline; for anyone else it does nothing.</summary>
    public async Task<ChangeResult> SignedOutAsync(int userId, CancellationToken ct = default) =>
        await ChangeAsync(new StatusChange(userId, await system.OfflineAsync(db, ct), StatusSource.SignOut, userId), ct);
}
