namespace Rolodesk.Server.Features.Reports;

/// <summary>Unix-millisecond arithmetic of the report and the rollup: UTC days, and local midnights of a time zone.</summary>
public static class ReportDays
{
    public const long DayMs = 86_400_000;

    public static int Floor(long ms) => (int)Math.Floor(ms / (double)DayMs);

    public static int Ceiling(long ms) => (int)Math.Ceiling(ms / (double)DayMs);

    public static long Start(int day) => day * DayMs;

    /// <summary>
    /// The instant a local date and time of <paramref name="zone"/> names: a time skipped by a
    /// clock change moves on to the first that exists, a repeated one is its first occurrence.
    /// </summary>
    public static DateTimeOffset AtLocal(DateTime local, TimeZoneInfo zone)
    {
        local = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        for (var i = 0; i < 4 * 24 && zone.IsInvalidTime(local); i++) local = local.AddMinutes(15);
        var offset = zone.IsAmbiguousTime(local) ? zone.GetAmbiguousTimeOffsets(local).Max() : zone.GetUtcOffset(local);
        return new DateTimeOffset(local, offset).ToUniversalTime();
    }

    /// <summary>Local midnight starting <paramref name="date"/> in <paramref name="zone"/>.</summary>
    public static DateTimeOffset StartOf(DateOnly date, TimeZoneInfo zone) => AtLocal(date.ToDateTime(TimeOnly.MinValue), zone);

    /// <summary>Time zones by IANA name, for the page's picker.</summary>
    public static IReadOnlyList<string> ZoneIds { get; } =
        [.. TimeZoneInfo.GetSystemTimeZones().Select(z => z.Id).Where(id => id.Contains('/') || id == "UTC").Order(StringComparer.Ordinal)];
}
