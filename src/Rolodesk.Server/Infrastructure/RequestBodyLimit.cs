using Microsoft.AspNetCore.Http.Features;

namespace Rolodesk.Server.Infrastructure;

/// <summary>
/// Refuses API bodies above a limit with a 413 problem before reading them (when the length is
/// announced) and caps streamed bodies through the server's own limit otherwise. An endpoint
/// may raise its own limit with <see cref="IRequestSizeLimitMetadata"/> (the CSV imports do).
/// </summary>
public sealed class RequestBodyLimit(RequestDelegate next, IConfiguration config)
{
    private readonly long _limit = config.GetValue<long?>("Rolodesk:Api:MaxRequestBodyBytes") ?? 1_048_576;

    public async Task InvokeAsync(HttpContext http, IProblemDetailsService problems)
    {
        var limit = http.GetEndpoint()?.Metadata.GetMetadata<Microsoft.AspNetCore.Http.Metadata.IRequestSizeLimitMetadata>()?.MaxRequestBodySize ?? _limit;
        if (http.Request.ContentLength > limit)
        {
            http.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
            await problems.WriteAsync(new ProblemDetailsContext
            {
                HttpContext = http,
                ProblemDetails = { Status = 413, Title = "The request body is too large.", Detail = $"At most {limit:N0} bytes are accepted." },
            });
            return;
        }
        var feature = http.Features.Get<IHttpMaxRequestBodySizeFeature>();
        if (feature is { IsReadOnly: false }) feature.MaxRequestBodySize = limit;
        await next(http);
    }
}
