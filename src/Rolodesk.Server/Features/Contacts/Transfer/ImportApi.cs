using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Metadata;
using Rolodesk.Data;
using Rolodesk.Data.ContactFields;
using Rolodesk.Server.Features.Access;
using Rolodesk.Server.Features.ContactFields.Values;
using Rolodesk.Server.Infrastructure;

namespace Rolodesk.Server.Features.Contacts.Transfer;

/// <summary>
/// CSV export (streamed) and import (a background job whose progress is polled) of users and
/// companies with their custom fields.
/// </summary>
public static class ImportApi
{
    /// <summary>The largest file an import accepts; every other API body stays under the global limit.</summary>
    public const long MaxFileBytes = 100L * 1024 * 1024;

    public static RouteGroupBuilder MapTransferApi(this RouteGroupBuilder api)
    {
        api.MapGet("/users/export", ExportUsers).RequirePermission(Permissions.ContactsView).WithTags("Users")
            .WithSummary("Users as CSV (same search, companyId and groupId as the list); custom field columns the caller may display");
        api.MapGet("/companies/export", ExportCompanies).RequirePermission(Permissions.ContactsView).WithTags("Companies")
            .WithSummary("Companies as CSV; custom field columns the caller may display");
        api.MapPost("/users/import", (HttpContext http, ImportJobs jobs, UserAccess actor, string? mode, CancellationToken ct) =>
                StartAsync(http, jobs, actor, FieldTarget.Users, mode, ct))
            .RequirePermission(Permissions.ContactsEdit).WithTags("Users").WithMetadata(new BodyLimit(MaxFileBytes)).Accepts<IFormFile>("text/csv", "multipart/form-data")
            .WithSummary("Import users from CSV (matched by email); 202 with the job to poll at /api/v1/imports/{id}");
        api.MapPost("/companies/import", (HttpContext http, ImportJobs jobs, UserAccess actor, string? mode, CancellationToken ct) =>
                StartAsync(http, jobs, actor, FieldTarget.Companies, mode, ct))
            .RequirePermission(Permissions.ContactsEdit).WithTags("Companies").WithMetadata(new BodyLimit(MaxFileBytes)).Accepts<IFormFile>("text/csv", "multipart/form-data")
            .WithSummary("Import companies from CSV (matched by id); 202 with the job to poll at /api/v1/imports/{id}");
        api.MapGet("/imports/{id:guid}", Get).RequirePermission(Permissions.ContactsEdit).WithTags("Imports")
            .WithSummary("An import's progress and errors (only for the user who started it)");
        return api;
    }

    /// <summary>Raises the body limit of one endpoint; read by <see cref="RequestBodyLimit"/>.</summary>
    private sealed record BodyLimit(long? MaxRequestBodySize) : IRequestSizeLimitMetadata;

    private static Task ExportUsers(
        HttpContext http, RolodeskDbContext db, CardFields fields, UserAccess actor, string? search, int? companyId, int? groupId, CancellationToken ct) =>
        CsvExport.WriteUsersAsync(http.Response, db, fields, actor, search, companyId, groupId, ct);

    private static Task ExportCompanies(HttpContext http, RolodeskDbContext db, CardFields fields, UserAccess actor, string? search, CancellationToken ct) =>
        CsvExport.WriteCompaniesAsync(http.Response, db, fields, actor, search, ct);

    private static async Task<Results<Accepted<ImportJobResponse>, ValidationProblem>> StartAsync(
        HttpContext http, ImportJobs jobs, UserAccess actor, FieldTarget target, string? mode, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        if (ParseMode(mode) is not { } parsed) return errors.Add("mode", "Must be 'all' or 'valid'.").ToProblem();
        string? file = Path.GetTempFileName();
        try
        {
            await using (var output = File.Create(file))
            {
                if (http.Request.HasFormContentType)
                {
                    var form = await http.Request.ReadFormAsync(ct);
                    if (form.Files.GetFile("file") is not { } upload) return errors.Add("file", "Send the CSV as the form part 'file'.").ToProblem();
                    await using var input = upload.OpenReadStream();
                    await input.CopyToAsync(output, ct);
                }
                else await http.Request.Body.CopyToAsync(output, ct);
            }
            var job = jobs.Start(target, parsed, actor, file);
            file = null;
            return TypedResults.Accepted($"/api/v1/imports/{job.Id}", job.ToResponse());
        }
        finally
        {
            // Only a request that failed before handing the file over still owns it.
            if (file is not null) File.Delete(file);
        }
    }

    public static ImportMode? ParseMode(string? mode) => mode switch
    {
        null or "" or "all" => ImportMode.All,
        "valid" => ImportMode.Valid,
        _ => null,
    };

    private static Results<Ok<ImportJobResponse>, ProblemHttpResult> Get(Guid id, ImportJobs jobs, UserAccess actor) =>
        jobs.Find(id, actor.UserId) is { } job ? TypedResults.Ok(job.ToResponse()) : Problems.NotFound("Import", id);
}
