using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Rolodesk.Data.Contacts;
using Rolodesk.Server.Features.Statuses;
using Rolodesk.Server.Infrastructure;

namespace Rolodesk.Server.Features.Access;

public sealed record TokenRequest(string? Email, string? Password);
public sealed record TokenResponse(string Token, DateTimeOffset ExpiresAt);

public static class AuthApi
{
    public static RouteGroupBuilder MapAuthApi(this RouteGroupBuilder api)
    {
        var auth = api.MapGroup("/auth").WithTags("Sign-in");
        auth.MapPost("/token", IssueToken).AllowAnonymous()
            .WithSummary("Exchange an email and password for a bearer token");
        auth.MapPost("/sign-out", SignOut).RequireAuthorization()
            .WithSummary("End the cookie session of the caller");
        return api;
    }

    private static async Task<Results<Ok<TokenResponse>, ValidationProblem, ProblemHttpResult>> IssueToken(
        TokenRequest body, SignInService signIn, IOptionsMonitor<BearerTokenOptions> bearer, TimeProvider time, StatusChanger statuses)
    {
        var errors = new ValidationErrors();
        if (string.IsNullOrWhiteSpace(body.Email)) errors.Add("email", "Required.");
        if (string.IsNullOrEmpty(body.Password)) errors.Add("password", "Required.");
        if (errors.Any) return errors.ToProblem();

        var outcome = await signIn.CheckAsync(body.Email!, body.Password!);
        if (outcome.Problem is { } problem) return problem;

        await statuses.SignedInAsync(outcome.User!.Id);
        var options = bearer.Get(IdentityConstants.BearerScheme);
        var expires = time.GetUtcNow() + options.BearerTokenExpiration;
        var ticket = new AuthenticationTicket(outcome.Principal!,
            new AuthenticationProperties { ExpiresUtc = expires }, IdentityConstants.BearerScheme);
        return TypedResults.Ok(new TokenResponse(options.BearerTokenProtector.Protect(ticket), expires));
    }

    private static async Task<NoContent> SignOut(HttpContext http, SignInManager<User> signIn, StatusChanger statuses)
    {
        if (int.TryParse(signIn.UserManager.GetUserId(http.User), out var userId)) await statuses.SignedOutAsync(userId);
        await signIn.SignOutAsync();
        return TypedResults.NoContent();
    }
}

/// <summary>Checks a password with lockout, shared by the token endpoint and the sign-in page.</summary>
public sealed class SignInService(SignInManager<User> signIn, UserManager<User> users)
{
    public sealed record Outcome(ClaimsPrincipal? Principal, User? User, ProblemHttpResult? Problem);

    public async Task<Outcome> CheckAsync(string email, string password)
    {
        var normalized = users.NormalizeEmail(email.Trim());
        var user = await users.Users.SingleOrDefaultAsync(u => u.NormalizedEmail == normalized);
        if (user is null || user.PasswordHash is null)
            return Refused();

        var result = await signIn.CheckPasswordSignInAsync(user, password, lockoutOnFailure: true);
        if (result.IsLockedOut)
            return new(null, null, TypedResults.Problem(statusCode: 423, title: "Account locked.",
                detail: "Too many failed sign-in attempts. Try again later."));
        if (!result.Succeeded) return Refused();
        return new(await signIn.CreateUserPrincipalAsync(user), user, null);
    }

    private static Outcome Refused() => new(null, null, TypedResults.Problem(statusCode: 401,
        title: "Sign-in refused.", detail: "The email or the password is wrong."));
}
