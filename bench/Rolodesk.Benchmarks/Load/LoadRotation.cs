namespace Rolodesk.Benchmarks.Load;

/// <summary>
/// Rotates <c>{agent}</c> (in the path or body) over <c>--agents FROM-TO</c> and <c>{status}</c> over
/// <c>--statuses a,b,...</c>: request n goes to agent FROM + n mod count and names status
/// number (n / count) mod k, so every round over the agents moves each of them to the next status
/// (status changes that all change something, e.g. PUT /api/v1/agents/{agent}/status).
/// </summary>
internal sealed record LoadRotation(int From, int Count, string[] Statuses)
{
    public static LoadRotation Parse(Options o)
    {
        var statuses = o.Get("statuses")?.Split(',', StringSplitOptions.RemoveEmptyEntries) ?? ["0"];
        if (o.Get("agents") is not { } range) return new(0, 1, statuses);
        var parts = range.Split('-');
        if (parts.Length != 2 || !int.TryParse(parts[0], out var from) || !int.TryParse(parts[1], out var to) || to < from)
            throw new ArgumentException($"--agents must be FROM-TO (user ids), not '{range}'.");
        return new(from, to - from + 1, statuses);
    }

    public (string Path, string Body) Apply(int n, string path, string body)
    {
        var agent = (From + n % Count).ToString();
        var status = Statuses[n / Count % Statuses.Length];
        return (path.Replace("{agent}", agent), body.Replace("{agent}", agent).Replace("{status}", status));
    }
}
