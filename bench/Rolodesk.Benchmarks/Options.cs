namespace Rolodesk.Benchmarks;

/// <summary>Minimal "--name value" parser: the harness has a handful of options, not worth a CLI package.</summary>
internal sealed class Options
{
    private readonly Dictionary<string, string> values = new(StringComparer.OrdinalIgnoreCase);

    public Options(IEnumerable<string> args)
    {
        string? key = null;
        foreach (var arg in args)
        {
            if (arg.StartsWith("--", StringComparison.Ordinal))
            {
                if (key is not null) values[key] = "true";
                key = arg[2..];
            }
            else if (key is not null)
            {
                values[key] = arg;
                key = null;
            }
            else throw new ArgumentException($"Unexpected argument '{arg}'.");
        }
        if (key is not null) values[key] = "true";
    }

    public string? Get(string name) => values.GetValueOrDefault(name);

    public string Get(string name, string fallback) => values.GetValueOrDefault(name) ?? fallback;

    public int GetInt(string name, int fallback)
    {
        if (Get(name) is not { } s) return fallback;
        return int.TryParse(s, out var v) && v >= 0 ? v : throw new ArgumentException($"--{name} must be a non-negative integer, not '{s}'.");
    }

    public string Required(string name) => Get(name) ?? throw new ArgumentException($"--{name} is required.");
}
