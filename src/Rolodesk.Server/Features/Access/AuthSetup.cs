using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Rolodesk.Data;
using Rolodesk.Data.Contacts;

namespace Rolodesk.Server.Features.Access;

public static class AuthSetup
{
    /// <summary>Picks the bearer handler when the request carries a bearer token, the cookie otherwise.</summary>
    public const string Scheme = "Rolodesk";

    public static IServiceCollection AddRolodeskAuth(this IServiceCollection services)
    {
        services.AddAuthentication(o =>
            {
                o.DefaultScheme = Scheme;
                o.DefaultChallengeScheme = Scheme;
            })
            .AddPolicyScheme(Scheme, "Bearer token or cookie", o => o.ForwardDefaultSelector = http =>
                http.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
                    ? IdentityConstants.BearerScheme
                    : IdentityConstants.ApplicationScheme)
            .AddBearerToken(IdentityConstants.BearerScheme, o => o.BearerTokenExpiration = TimeSpan.FromHours(12))
            .AddIdentityCookies();
        // After the framework has set the data-protection protector: validated tokens are remembered for a minute.
        services.AddOptions<BearerTokenOptions>(IdentityConstants.BearerScheme)
            .PostConfigure<TimeProvider>((o, time) => o.BearerTokenProtector = new BearerTicketCache(o.BearerTokenProtector, time));

        services.ConfigureApplicationCookie(o =>
        {
            o.LoginPath = "/sign-in";
            o.AccessDeniedPath = "/forbidden";
            o.Cookie.Name = "rolodesk";
            o.ExpireTimeSpan = TimeSpan.FromHours(12);
            o.SlidingExpiration = true;
            // The API answers 401/403 as problem details; only pages redirect to the sign-in page.
            o.Events.OnRedirectToLogin = ctx => ApiOr(ctx.HttpContext, 401, () => ctx.Response.Redirect(ctx.RedirectUri));
            o.Events.OnRedirectToAccessDenied = ctx => ApiOr(ctx.HttpContext, 403, () => ctx.Response.Redirect(ctx.RedirectUri));
        });

        services.AddIdentityCore<User>(o =>
            {
                o.User.RequireUniqueEmail = false; // uniqueness is ours: emails are optional on contacts
                o.Password.RequiredLength = 8;
                o.Password.RequireDigit = false;
                o.Password.RequireLowercase = false;
                o.Password.RequireUppercase = false;
                o.Password.RequireNonAlphanumeric = false;
                o.Lockout.AllowedForNewUsers = true;
                o.Lockout.MaxFailedAccessAttempts = 5;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
            })
            .AddSignInManager()
            .AddEntityFrameworkStores<RolodeskDbContext>()
            .AddDefaultTokenProviders();

        services.AddSingleton<PermissionService>();
        services.AddScoped<IAuthorizationHandler, PermissionHandler>();
        services.AddAuthorizationBuilder().AddPermissionPolicies();
        return services;
    }

    private static Task ApiOr(HttpContext http, int status, Action redirect)
    {
        if (http.Request.Path.StartsWithSegments("/api") || http.Request.Path.StartsWithSegments("/hubs"))
            http.Response.StatusCode = status;
        else
            redirect();
        return Task.CompletedTask;
    }
}
