using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;
using Rolodesk.Data;
using Rolodesk.Data.Statuses;
using Rolodesk.Server.Features.Contacts;
using Rolodesk.Server.Features.Reports;
using Rolodesk.Tests.Infrastructure;

// In Rolodesk.Tests.Http so that test.sh's PostgreSQL pass runs these too.
namespace Rolodesk.Tests.Http;

/// <summary>
/// An application with a database and a fake clock of its own for the report tests; the rollup
/// worker is off so each test decides whether whole days come from the rollup (by running it) or
/// from the intervals; an agent's timeline turns into day bars from 8 changes on. Histories are written straight into the tables, back to back from the
/// agent's creation, as the status changer would have left them.
/// </summary>
public sealed class ReportsApp : RolodeskApp
{
    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(DateTime.UtcNow.Date.AddHours(12), TimeSpan.Zero));

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Rolodesk:Reports:RollupInterval", "00:00:00");
        // Day bars from 8 changes per agent on (default 1,000), so the tests and properties meet both kinds of timeline.
        builder.UseSetting("Rolodesk:Reports:TimelineBarsPerAgent", "8");
        builder.ConfigureTestServices(s => s.Replace(ServiceDescriptor.Singleton<TimeProvider>(Clock)));
    }

    public async Task<T> InScopeAsync<T>(Func<IServiceProvider, Task<T>> work)
    {
        await using var scope = Services.CreateAsyncScope();
        return await work(scope.ServiceProvider);
    }

    public Task<int> RollUpAsync() => InScopeAsync(sp => sp.GetRequiredService<StatusRollup>().RunOnceAsync());

    public async Task<UserResponse> AgentAsync(string? name = null, int? groupId = null) =>
        await Api.CreateUserAsync(new { name = name ?? Unique.Name("Agent"), email = Unique.Email(), groupIds = new[] { groupId ?? await Api.GroupIdAsync("Agents") } });

    /// <summary>Gives an agent a history: created at <paramref name="created"/>, then one interval per segment (the last open); no segments: never changed.</summary>
    public Task WriteHistoryAsync(int agentId, DateTimeOffset created, IReadOnlyList<(int StatusId, DateTimeOffset Start)> segments) =>
        ReportHistory.WriteAsync(Services, agentId, created, segments);

    public static async Task<AgentStatusReport> ReportAsync(HttpClient http, string query)
    {
        var response = await http.GetAsync("/api/v1/reports/agent-statuses?" + query);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await Api.Describe(response));
        return (await response.Content.ReadFromJsonAsync<AgentStatusReport>())!;
    }

    public static string Iso(DateTimeOffset t) => Uri.EscapeDataString(t.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ"));
}

/// <summary>Writes a history straight into the tables of any test app, as the status changer would have left it.</summary>
public static class ReportHistory
{
    public static async Task WriteAsync(IServiceProvider services, int agentId, DateTimeOffset created, IReadOnlyList<(int StatusId, DateTimeOffset Start)> segments)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RolodeskDbContext>();
        await db.Users.Where(u => u.Id == agentId).ExecuteUpdateAsync(s => s.SetProperty(u => u.CreatedAt, created));
        if (segments.Count == 0) return;
        var intervals = segments.Select((seg, k) => new StatusInterval
        {
            Id = Guid.CreateVersion7(seg.Start),
            AgentId = agentId,
            Sequence = k,
            StatusId = seg.StatusId,
            Started = seg.Start,
            Ended = k + 1 < segments.Count ? segments[k + 1].Start : null,
            Source = k == 0 ? null : StatusSource.Api,
            PreviousStatusId = k == 0 ? null : segments[k - 1].StatusId,
        }).ToList();
        db.StatusIntervals.AddRange(intervals);
        db.AgentPresence.Add(new AgentPresence
        {
            UserId = agentId,
            StatusId = segments[^1].StatusId,
            Since = segments[^1].Start,
            OpenIntervalId = intervals[^1].Id,
            LastActivityAt = segments[^1].Start,
            Version = segments.Count - 1,
        });
        await db.SaveChangesAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class ReportsCollection : ICollectionFixture<ReportsApp>
{
    public const string Name = "Reports";
}

public static class ReportAssert
{
    public static long Ms(AgentStatusRow row, int statusId) => row.Statuses.FirstOrDefault(s => s.StatusId == statusId)?.DurationMs ?? 0;

    public static AgentStatusRow Row(AgentStatusReport report, int agentId) => Assert.Single(report.Agents, a => a.AgentId == agentId);
}
