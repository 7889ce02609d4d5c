using System.Globalization;
using System.Text;
using nietras.SeparatedValues;
using Rolodesk.Server.Features.Contacts.Transfer;

namespace Rolodesk.Server.Features.Reports;

/// <summary>
/// The report as CSV: one row per agent and a last row of totals; per status two columns, seconds
/// and share of the covered time in percent. Cells are neutralised against spreadsheet formulas
/// like every other export (a status or agent named "=SUM(…)" stays text).
/// </summary>
public static class ReportCsv
{
    public static string Write(AgentStatusReport report)
    {
        var buffer = new StringBuilder();
        using (var writer = CsvFormat.Separator.Writer(o => o with { Escape = true }).To(buffer))
        {
            string[] header = ["agent_id", "agent", "from", "to", "covered_seconds", "changes",
                .. report.Statuses.SelectMany(s => new[] { $"{s.Name} seconds", $"{s.Name} share %" })];
            writer.Header.Add(header.Select(CsvFormat.Neutralise).ToArray());
            foreach (var a in report.Agents)
                Row(writer, [a.AgentId.ToString(CultureInfo.InvariantCulture), a.Name, Iso(a.CoveredFrom), Iso(a.CoveredTo), Seconds(a.CoveredMs),
                    a.Changes.ToString(CultureInfo.InvariantCulture), .. Cells(report, a.Statuses)]);
            var t = report.Totals;
            Row(writer, ["", "Total", Iso(report.From), Iso(report.To), Seconds(t.CoveredMs), t.Changes.ToString(CultureInfo.InvariantCulture), .. Cells(report, t.Statuses)]);
        }
        return buffer.ToString();
    }

    private static void Row(SepWriter writer, string[] cells)
    {
        using var row = writer.NewRow();
        for (var i = 0; i < cells.Length; i++) row[i].Set(CsvFormat.Neutralise(cells[i]));
    }

    private static IEnumerable<string> Cells(AgentStatusReport report, IReadOnlyList<StatusTime> times)
    {
        var byId = times.ToDictionary(t => t.StatusId);
        foreach (var s in report.Statuses)
        {
            var t = byId.GetValueOrDefault(s.Id);
            yield return Seconds(t?.DurationMs ?? 0);
            yield return ((t?.Share ?? 0) * 100).ToString("0.00", CultureInfo.InvariantCulture);
        }
    }

    private static string Seconds(long ms) => (ms / 1000m).ToString("0.###", CultureInfo.InvariantCulture);

    private static string Iso(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);
}
