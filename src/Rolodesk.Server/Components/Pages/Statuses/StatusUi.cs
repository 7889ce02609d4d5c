namespace Rolodesk.Server.Components.Pages.Statuses;

/// <summary>Small helpers shared by the status pages.</summary>
internal static class StatusUi
{
    /// <summary>A hook for browser tests, passed to Mud components as UserAttributes.</summary>
    /// <summary>Other HTML attributes (aria-label) must share the dictionary: a Mud component refuses both it and loose attributes.</summary>
    public static Dictionary<string, object> TestId(string id, string? ariaLabel = null)
    {
        var attributes = new Dictionary<string, object> { ["data-testid"] = id };
        if (ariaLabel is not null) attributes["aria-label"] = ariaLabel;
        return attributes;
    }

    /// <summary>"45 s", "12 min 05 s", "3 h 07 min", "2 d 4 h": precise while short, coarse when long.</summary>
    public static string Duration(TimeSpan d)
    {
        if (d < TimeSpan.Zero) d = TimeSpan.Zero;
        if (d.TotalMinutes < 1) return $"{(int)d.TotalSeconds} s";
        if (d.TotalHours < 1) return $"{(int)d.TotalMinutes} min {d.Seconds:00} s";
        if (d.TotalDays < 1) return $"{(int)d.TotalHours} h {d.Minutes:00} min";
        return $"{(int)d.TotalDays} d {d.Hours} h";
    }
}

/// <summary>
/// Redraws a page every second (time in a status keeps running) on the app's <see cref="TimeProvider"/>,
/// so tests can drive it with a fake clock. The callback must marshal to the renderer itself.
/// </summary>
internal sealed class Ticker(TimeProvider time, Func<Task> tick) : IDisposable
{
    private readonly ITimer _timer = time.CreateTimer(_ => _ = tick(), null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));

    public void Dispose() => _timer.Dispose();
}
