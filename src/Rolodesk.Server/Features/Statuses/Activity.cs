using System.Collections.Concurrent;
using System.Security.Claims;

namespace Rolodesk.Server.Features.Statuses;

/// <summary>
/// Records that a user is active: called for every authenticated API request and by the UI
/// heartbeat (the future SignalR hub calls <see cref="TouchAsync"/>). Writes at most once per
/// <see cref="Throttle"/> per user and instance, so activity costs the database next to nothing;
/// the rule's minimum of one minute is well above it.
/// </summary>
public sealed class ActivityTracker(IServiceScopeFactory scopes, TimeProvider time, ILogger<ActivityTracker> log)
{
    public static readonly TimeSpan Throttle = TimeSpan.FromSeconds(30);
    private readonly ConcurrentDictionary<int, DateTimeOffset> _lastWrite = new();

    public async ValueTask TouchAsync(int userId, CancellationToken ct = default)
    {
        var now = time.GetUtcNow();
        if (_lastWrite.TryGetValue(userId, out var last) && now - last < Throttle) return;
        _lastWrite[userId] = now;
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<StatusChanger>().RecordActivityAsync(userId, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Activity is a side effect of the request: losing one record must not fail the request itself.
            _lastWrite.TryRemove(userId, out _);
            log.LogWarning(e, "Could not record activity of user {UserId}", userId);
        }
    }
}

/// <summary>Counts an authenticated API request as activity of its user, before the endpoint runs (so an agent's first request after being idle already sees the restored status).</summary>
public sealed class ActivityMiddleware(RequestDelegate next, ActivityTracker tracker)
{
    public async Task InvokeAsync(HttpContext http)
    {
        if (http.User.Identity?.IsAuthenticated == true && int.TryParse(http.User.FindFirstValue(ClaimTypes.NameIdentifier), out var userId))
            await tracker.TouchAsync(userId, http.RequestAborted);
        await next(http);
    }
}
