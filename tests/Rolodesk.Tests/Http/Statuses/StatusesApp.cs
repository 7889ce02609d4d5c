using System.Data;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;
using Rolodesk.Data;
using Rolodesk.Data.Statuses;
using Rolodesk.Server.Features.Statuses;
using Rolodesk.Tests.Infrastructure;

// In Rolodesk.Tests.Http (not .Statuses) so that test.sh's PostgreSQL run, filtered on that namespace, includes these tests.
namespace Rolodesk.Tests.Http;

/// <summary>
/// An application on a database of its own whose clock is a <see cref="FakeTimeProvider"/>:
/// tests move time forward instead of sleeping. Its tests share one collection, so they run one
/// at a time and a test that advances the clock or turns the inactivity rule on disturbs no other.
/// </summary>
public sealed class StatusesApp : RolodeskApp
{
    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(s => s.Replace(ServiceDescriptor.Singleton<TimeProvider>(Clock)));
    }

    public async Task<T> InScopeAsync<T>(Func<IServiceProvider, Task<T>> work)
    {
        await using var scope = Services.CreateAsyncScope();
        return await work(scope.ServiceProvider);
    }

    /// <summary>One pass of the inactivity rule, as the background sweeper would run it.</summary>
    public Task<int> SweepAsync() => InScopeAsync(sp => sp.GetRequiredService<InactivitySweep>().RunOnceAsync());

    /// <summary>
    /// The stored intervals of an agent in order, and their presence row, from one snapshot: a background sweep
    /// (on the fake clock) may commit a change of the agent between two separate reads.
    /// </summary>
    public Task<(List<StatusInterval> Intervals, AgentPresence? Presence)> StoredAsync(int agentId) => InScopeAsync(async sp =>
    {
        var db = sp.GetRequiredService<RolodeskDbContext>();
        await using var tx = await db.Database.BeginTransactionAsync(IsolationLevel.RepeatableRead);
        var intervals = await db.StatusIntervals.AsNoTracking().Where(i => i.AgentId == agentId).OrderBy(i => i.Sequence).ToListAsync();
        return (intervals, await db.AgentPresence.AsNoTracking().SingleOrDefaultAsync(p => p.UserId == agentId));
    });

    /// <summary>
    /// Asserts the history invariant: intervals back to back from the first, none of negative
    /// length, exactly one open (the last), and the presence row pointing at it.
    /// </summary>
    public async Task<List<StatusInterval>> AssertInvariantAsync(int agentId)
    {
        var (intervals, presence) = await StoredAsync(agentId);
        Assert.NotNull(presence);
        Assert.Single(intervals, i => i.Ended is null);
        for (var k = 0; k < intervals.Count; k++)
        {
            var i = intervals[k];
            if (k > 0) Assert.True(i.Sequence > intervals[k - 1].Sequence);
            if (i.Ended is { } end) Assert.True(end >= i.Started, $"interval {k} ends before it starts");
            if (k + 1 < intervals.Count)
            {
                Assert.Equal(i.Ended, intervals[k + 1].Started);
                Assert.Equal(i.StatusId, intervals[k + 1].PreviousStatusId);
                Assert.NotEqual(i.StatusId, intervals[k + 1].StatusId);
            }
        }
        var last = intervals[^1];
        Assert.Null(last.Ended);
        Assert.Equal(presence.OpenIntervalId, last.Id);
        Assert.Equal(presence.StatusId, last.StatusId);
        Assert.Equal(presence.Since, last.Started);
        return intervals;
    }
}

[CollectionDefinition(Name)]
public sealed class StatusesCollection : ICollectionFixture<StatusesApp>
{
    public const string Name = "Statuses";
}
