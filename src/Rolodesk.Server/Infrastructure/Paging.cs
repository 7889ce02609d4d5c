namespace Rolodesk.Server.Infrastructure;

/// <summary>One page of a list (numbered from 1) and the exact number of matching items.</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, int PageNumber, int PageSize, int Total);

public static class Paging
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 200;

    public static void Validate(int? page, int? pageSize, ValidationErrors errors)
    {
        if (page is < 1) errors.Add("page", "Must be 1 or more.");
        if (pageSize is < 1 or > MaxPageSize) errors.Add("pageSize", $"Must be between 1 and {MaxPageSize}.");
    }
}
