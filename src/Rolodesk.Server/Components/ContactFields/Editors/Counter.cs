using Rolodesk.Server.Features.ContactFields.Types;

namespace Rolodesk.Server.Components.ContactFields.Editors;

/// <summary>
/// The arithmetic of the number counter's − and + buttons, in decimal (never double, so 0.1 + 0.2
/// is 0.3): values move along the type's grid — min (or 0) plus multiples of the effective step —
/// and never leave [min, max]; a value typed off the grid snaps to the neighbouring grid value.
/// </summary>
public static class Counter
{
    /// <summary>Where an empty counter starts: 0, or the nearest bound when 0 is outside them.</summary>
    public static decimal Start(NumberSettings s)
    {
        var start = s.Min is { } min && min > 0 ? min : 0m;
        if (s.Max is { } max && start > max) start = Below(max + s.EffectiveStep, s);
        return start;
    }

    /// <summary>The value after one press (direction +1 or −1), or null when the button has nowhere to go.</summary>
    public static decimal? Step(decimal? current, int direction, NumberSettings s)
    {
        if (current is not { } n) return Start(s);
        decimal? next = direction > 0 ? Above(n, s) : Below(n, s);
        if (next > s.Max) next = direction > 0 ? null : Below(s.Max.Value + s.EffectiveStep, s);
        if (next < s.Min) next = direction < 0 ? null : Above(s.Min.Value - s.EffectiveStep, s);
        return next is { } v && v != n ? Math.Round(v, s.DecimalPlaces) : null;
    }

    public static bool CanStep(decimal? current, int direction, NumberSettings s) => Step(current, direction, s) is not null;

    private static decimal Base(NumberSettings s) => s.Min ?? 0m;

    /// <summary>The smallest grid value greater than n.</summary>
    private static decimal Above(decimal n, NumberSettings s)
    {
        var step = s.EffectiveStep;
        return Base(s) + (Math.Floor((n - Base(s)) / step) + 1) * step;
    }

    /// <summary>The greatest grid value less than n.</summary>
    private static decimal Below(decimal n, NumberSettings s)
    {
        var step = s.EffectiveStep;
        return Base(s) + (Math.Ceiling((n - Base(s)) / step) - 1) * step;
    }
}
