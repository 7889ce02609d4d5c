using Microsoft.AspNetCore.Authorization;

namespace Rolodesk.Server.Features.Access;

/// <summary>Requires one of the given rights; checked against the database-backed rights, never claims in a token.</summary>
public sealed class PermissionRequirement(params string[] anyOf) : IAuthorizationRequirement
{
    public IReadOnlyList<string> AnyOf { get; } = anyOf;
}

public sealed class PermissionHandler(PermissionService permissions) : AuthorizationHandler<PermissionRequirement>
{
    protected override async Task HandleRequirementAsync(AuthorizationHandlerContext context, PermissionRequirement requirement)
    {
        if (context.User.Identity?.IsAuthenticated != true) return;
        var access = await permissions.GetAsync(context.User);
        if (access is not null && requirement.AnyOf.Any(access.Has)) context.Succeed(requirement);
    }
}

public static class PermissionAuthorizationExtensions
{
    public static AuthorizationBuilder AddPermissionPolicies(this AuthorizationBuilder builder)
    {
        foreach (var p in Permissions.All)
            builder.AddPolicy(Permissions.PolicyName(p.Key), policy => policy
                .RequireAuthenticatedUser()
                .AddRequirements(new PermissionRequirement(p.Key)));
        return builder;
    }

    /// <summary>Requires the given right on an endpoint or a group of endpoints.</summary>
    public static TBuilder RequirePermission<TBuilder>(this TBuilder builder, string permission)
        where TBuilder : IEndpointConventionBuilder =>
        builder.RequireAuthorization(Permissions.PolicyName(permission));

    /// <summary>Requires at least one of the given rights.</summary>
    public static TBuilder RequireAnyPermission<TBuilder>(this TBuilder builder, params string[] permissions)
        where TBuilder : IEndpointConventionBuilder =>
        builder.RequireAuthorization(policy => policy.RequireAuthenticatedUser().AddRequirements(new PermissionRequirement(permissions)));
}
