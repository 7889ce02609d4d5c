using System.Net;
using System.Text.Json;

namespace Rolodesk.Tests.Infrastructure;

/// <summary>Checks that an error is an RFC 9457 problem document carrying a trace id.</summary>
public static class ProblemAssert
{
    public static async Task<JsonElement> IsProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"expected {(int)status}, got {await Api.Describe(response)}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(body).RootElement.Clone();
        Assert.True(problem.TryGetProperty("traceId", out var traceId) && traceId.GetString() is { Length: > 0 },
            "the problem has no traceId: " + body);
        if (problem.TryGetProperty("status", out var s)) Assert.Equal((int)status, s.GetInt32());
        return problem;
    }

    /// <summary>Asserts a 400 validation problem and returns the JSON paths of its errors.</summary>
    public static async Task<string[]> IsValidationProblemAsync(HttpResponseMessage response)
    {
        var problem = await IsProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem.TryGetProperty("errors", out var errors), "no errors in " + problem);
        return [.. errors.EnumerateObject().Select(e => e.Name)];
    }
}
