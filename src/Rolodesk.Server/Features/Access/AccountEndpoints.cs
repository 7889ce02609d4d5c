using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Rolodesk.Data.Contacts;
using Rolodesk.Server.Features.Statuses;

namespace Rolodesk.Server.Features.Access;

/// <summary>
/// Cookie sign-in and sign-out for the web UI. They are plain form posts: an interactive Blazor
/// circuit cannot set cookies, so the sign-in page renders statically and posts here.
/// </summary>
public static class AccountEndpoints
{
    public static IEndpointRouteBuilder MapAccountEndpoints(this IEndpointRouteBuilder app)
    {
        var account = app.MapGroup("/account").ExcludeFromDescription();
        account.MapPost("/sign-in", SignIn).AllowAnonymous();
        account.MapPost("/sign-out", SignOut);
        return app;
    }

    private static async Task<IResult> SignIn(
        [FromForm] string? email, [FromForm] string? password, [FromForm] string? returnUrl,
        SignInService check, SignInManager<User> signIn, StatusChanger statuses)
    {
        var back = SafeReturnUrl(returnUrl);
        if (string.IsNullOrWhiteSpace(email) || string.IsNullOrEmpty(password))
            return Results.LocalRedirect($"/sign-in?error=missing&returnUrl={Uri.EscapeDataString(back)}");
        var outcome = await check.CheckAsync(email, password);
        if (outcome.User is null)
        {
            var error = outcome.Problem?.StatusCode == 423 ? "locked" : "refused";
            return Results.LocalRedirect($"/sign-in?error={error}&returnUrl={Uri.EscapeDataString(back)}");
        }
        await signIn.SignInAsync(outcome.User, isPersistent: true);
        await statuses.SignedInAsync(outcome.User.Id);
        return Results.LocalRedirect(back);
    }

    private static async Task<IResult> SignOut(HttpContext http, SignInManager<User> signIn, StatusChanger statuses)
    {
        if (int.TryParse(signIn.UserManager.GetUserId(http.User), out var userId)) await statuses.SignedOutAsync(userId);
        await signIn.SignOutAsync();
        return Results.LocalRedirect("/sign-in");
    }

    private static string SafeReturnUrl(string? url) =>
        !string.IsNullOrEmpty(url) && url.StartsWith('/') && !url.StartsWith("//") && !url.StartsWith("/\\") ? url : "/";
}
