using System.Diagnostics;

namespace Rolodesk.Server.Infrastructure;

/// <summary>
/// What an operator needs from every request without paying for a log line per request: a
/// warning for each failed (5xx) or slow one, with method, path, status and duration. Logging
/// each request (<c>Microsoft.AspNetCore.Hosting.Diagnostics</c> at Information, two JSON lines
/// per request) cost about a fifth of the card-read throughput (docs/PERFORMANCE.md); it is off by
/// default and can be switched back on by configuration. Rates and latency percentiles come from
/// the built-in <c>Microsoft.AspNetCore.Hosting</c> metrics (dotnet-counters, OpenTelemetry).
/// </summary>
public sealed partial class SlowRequestLog(RequestDelegate next, ILogger<SlowRequestLog> log, IConfiguration config)
{
    private readonly TimeSpan _slow = TimeSpan.FromMilliseconds(config.GetValue<int?>("Rolodesk:Logging:SlowRequestMs") ?? 1000);

    public async Task InvokeAsync(HttpContext http)
    {
        var start = Stopwatch.GetTimestamp();
        try
        {
            await next(http);
        }
        finally
        {
            var elapsed = Stopwatch.GetElapsedTime(start);
            // A WebSocket (the Blazor circuit, later the hub) lives as long as its page: its length is no slowness.
            var upgraded = http.Response.StatusCode == StatusCodes.Status101SwitchingProtocols || http.WebSockets.IsWebSocketRequest;
            if (http.Response.StatusCode >= 500 || (elapsed >= _slow && !upgraded))
                Logged(log, http.Request.Method, http.Request.Path, http.Response.StatusCode, elapsed.TotalMilliseconds);
        }
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "{Method} {Path} answered {StatusCode} in {ElapsedMs:0.0} ms")]
    private static partial void Logged(ILogger logger, string method, PathString path, int statusCode, double elapsedMs);
}
