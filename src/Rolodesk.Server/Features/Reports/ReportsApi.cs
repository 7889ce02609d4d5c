using System.Text;
using Rolodesk.Data;
using Rolodesk.Server.Features.Access;
using Rolodesk.Server.Features.Contacts.Transfer;

namespace Rolodesk.Server.Features.Reports;

/// <summary>The Reporting endpoints (<c>reports.view</c>).</summary>
public static class ReportsApi
{
    public static RouteGroupBuilder MapReportsApi(this RouteGroupBuilder api)
    {
        api.MapGet("/reports/agent-statuses", AgentStatuses).RequirePermission(Permissions.ReportsView).WithTags("Reports")
            .Produces<AgentStatusReport>().Produces(StatusCodes.Status200OK, contentType: "text/csv").ProducesValidationProblem()
            .WithSummary("Time per status, changes and timeline per agent over ?from=&to= (dates cut in ?tz=, default UTC; to inclusive), "
                + "?agents=&groups= ids; open intervals count up to now; CSV with Accept: text/csv or ?format=csv; ?timeline=false leaves the bars out");
        return api;
    }

    private static async Task<IResult> AgentStatuses(HttpContext http, RolodeskDbContext db, AgentStatusReports reports,
        string? from, string? to, string[]? agents, string[]? groups, string? tz, bool? timeline, string? format, CancellationToken ct)
    {
        var csv = string.Equals(format, "csv", StringComparison.OrdinalIgnoreCase)
            || http.Request.GetTypedHeaders().Accept.Any(a => a.MediaType.Equals("text/csv", StringComparison.OrdinalIgnoreCase));
        if (format is not null && !csv && !string.Equals(format, "json", StringComparison.OrdinalIgnoreCase))
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["format"] = ["Must be json or csv."] }, title: "One or more fields are invalid.");
        var (filter, errors) = await ReportRequest.ParseAsync(db, from, to, Join(agents), Join(groups), tz, timeline ?? !csv, ct);
        if (filter is null) return errors.ToProblem();
        var report = await reports.BuildAsync(filter, ct);
        if (!csv) return TypedResults.Ok(report);
        http.Response.Headers.ContentDisposition = $"attachment; filename=\"agent-statuses-{report.From.UtcDateTime:yyyyMMdd}-{report.To.UtcDateTime:yyyyMMdd}.csv\"";
        return TypedResults.Text(ReportCsv.Write(report), CsvFormat.ContentType, Encoding.UTF8);
    }

    private static string? Join(string[]? values) => values is null or [] ? null : string.Join(',', values);
}
