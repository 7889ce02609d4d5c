using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.Json;
using MudBlazor.Services;
using Rolodesk.Data;
using Rolodesk.Server.Components;
using Rolodesk.Server.Data;
using Rolodesk.Server.Features.Access;
using Rolodesk.Server.Features.ContactFields;
using Rolodesk.Server.Features.ContactFields.Types;
using Rolodesk.Server.Features.Contacts;
using Rolodesk.Server.Features.Contacts.Transfer;
using Rolodesk.Server.Features.Distribution;
using Rolodesk.Server.Features.Reports;
using Rolodesk.Server.Features.Statuses;
using Rolodesk.Server.Features.Statuses.Live;
using Rolodesk.Server.Infrastructure;
using Scalar.AspNetCore;

namespace Rolodesk.Server;

/// <summary>Service registration and the request pipeline, kept out of Program.cs so it stays wiring only.</summary>
public static class Hosting
{
    public static void AddRolodesk(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        if (string.IsNullOrEmpty(builder.Configuration["urls"]) && string.IsNullOrEmpty(builder.Configuration["ASPNETCORE_URLS"])
            && string.IsNullOrEmpty(builder.Configuration["ASPNETCORE_HTTP_PORTS"]))
            builder.WebHost.UseUrls("http://127.0.0.1:5080");
        // `dotnet run` serves from the build output, where the Blazor and MudBlazor scripts are
        // only found through the static web assets manifest; outside Development it is not read
        // unless asked. A published app has no manifest and serves wwwroot as usual.
        builder.WebHost.UseStaticWebAssets();

        builder.Logging.AddJsonConsole(o =>
        {
            o.IncludeScopes = true;
            o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
            o.UseUtcTimestamp = true;
        });
        services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(20));

        services.AddSingleton(TimeProvider.System);
        services.AddRolodeskDatabase(builder.Configuration, builder.Environment.ContentRootPath);
        services.AddRolodeskAuth();
        services.AddScoped<SignInService>();
        services.AddScoped<UserWriter>();
        services.AddSingleton<UserWriterQueue>();
        services.AddHostedService(sp => sp.GetRequiredService<UserWriterQueue>());
        services.AddScoped<CompanyWriter>();
        services.AddScoped<UserGroupWriter>();
        services.AddSingleton(FieldTypeRegistry.Default);
        services.AddScoped<FieldGroupWriter>();
        services.AddScoped<FieldWriter>();
        services.AddScoped<Features.ContactFields.Values.CardFields>();
        services.AddRolodeskTransfer();
        services.AddSingleton<Features.ContactFields.Values.FieldDefinitionsCache>();
        services.AddSingleton<Microsoft.EntityFrameworkCore.Diagnostics.IInterceptor, Features.ContactFields.Values.DefinitionsStampInterceptor>();
        services.AddStatuses();
        services.AddStatusesLive(builder.Configuration);
        services.AddDistribution();
        services.AddReports();

        services.AddProblemDetails(o => o.CustomizeProblemDetails = ctx =>
            ctx.ProblemDetails.Extensions["traceId"] = System.Diagnostics.Activity.Current?.Id ?? ctx.HttpContext.TraceIdentifier);
        services.AddExceptionHandler<ExceptionHandler>();
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.Configure<JsonOptions>(o =>
        {
            o.SerializerOptions.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
            o.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
        });
        services.AddOpenApi();
        services.AddHealthChecks().AddDbContextCheck<RolodeskDbContext>("database");

        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddCascadingAuthenticationState();
        services.AddMudServices();
        services.AddHttpContextAccessor();
    }

    public static void UseRolodesk(this WebApplication app)
    {
        app.UseMiddleware<SlowRequestLog>();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseWhen(http => http.Request.Path.StartsWithSegments("/api"), api => api.UseMiddleware<RequestBodyLimit>());
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseActivityTracking();
        app.UseAntiforgery();

        app.MapHealthChecks("/health").AllowAnonymous();
        app.MapOpenApi("/openapi/{documentName}.json").AllowAnonymous();
        app.MapScalarApiReference("/api-reference", o => o.WithTitle("Rolodesk API").WithOpenApiRoutePattern("/openapi/{documentName}.json").DisableDefaultFonts())
            .AllowAnonymous();

        var api = app.MapGroup("/api/v1").DisableAntiforgery();
        api.MapAuthApi();
        api.MapUserGroupsApi();
        api.MapUsersApi();
        api.MapCompaniesApi();
        api.MapMeApi();
        api.MapFieldGroupsApi();
        api.MapFieldsApi();
        api.MapContactFieldsApi();
        api.MapTransferApi();
        api.MapStatuses();
        api.MapRequestsApi();
        api.MapReports();

        app.MapStatusesLive();
        app.MapStaticAssets();
        app.MapAccountEndpoints();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
    }
}
