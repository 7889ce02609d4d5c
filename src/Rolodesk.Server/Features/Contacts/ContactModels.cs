namespace Rolodesk.Server.Features.Contacts;

public sealed record GroupRef(int Id, string Name, string Kind);
public sealed record CompanyRef(int Id, string Name);

public sealed record UserResponse(
    int Id, string Name, string? Email, string? Phone, CompanyRef? Company, IReadOnlyList<GroupRef> Groups,
    bool IsAgent, bool CanSignIn, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

/// <summary>Create or replace a user's card. On update, a null <c>GroupIds</c> or <c>Password</c> leaves them unchanged.</summary>
public sealed record UserRequest(string? Name, string? Email, string? Phone, int? CompanyId, List<int>? GroupIds, string? Password);

public sealed record CompanyResponse(int Id, string Name, string? Domain, string? Notes, int UserCount, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);
public sealed record CompanyRequest(string? Name, string? Domain, string? Notes);

/// <summary>What a user may change on their own card.</summary>
public sealed record MeRequest(string? Name, string? Email, string? Phone);

public sealed record MeResponse(UserResponse User, IReadOnlyList<string> Permissions);
