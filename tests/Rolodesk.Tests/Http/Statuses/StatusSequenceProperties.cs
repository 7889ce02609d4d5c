using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Rolodesk.Data;
using Rolodesk.Data.Statuses;
using Rolodesk.Server.Features.Statuses;
using Rolodesk.Tests.Infrastructure;

namespace Rolodesk.Tests.Http;

/// <summary>One step: a change to one of the statuses from a source after some seconds, or activity.</summary>
public sealed record StatusStep(int Status, StatusSource Source, int AfterSeconds, bool Activity)
{
    public override string ToString() => Activity ? $"+{AfterSeconds}s activity" : $"+{AfterSeconds}s {Source}→#{Status}";
}

public static class StatusStepArbitraries
{
    public static Arbitrary<StatusStep[]> Steps()
    {
        var seconds = Gen.Frequency((2, Gen.Constant(0)), (5, Gen.Choose(1, 600)), (1, Gen.Choose(600, 7200)));
        var step = Gen.Choose(0, 3).SelectMany(s => Gen.Elements(Enum.GetValues<StatusSource>()).SelectMany(src =>
            seconds.SelectMany(t => Gen.Frequency((5, Gen.Constant(false)), (1, Gen.Constant(true))).Select(a => new StatusStep(s, src, t, a)))));
        return Arb.From(Gen.Choose(1, 25).SelectMany(n => step.ArrayOf(n)));
    }
}

/// <summary>
/// Any sequence of changes from any sources at any times keeps the intervals back to back, and
/// their durations add up to the agent's whole life: what the report will sum. Each case has a
/// clock of its own, so the shared app's clock (and its tokens) does not run away.
/// </summary>
[Collection(StatusesCollection.Name)]
public sealed class StatusSequenceProperties(StatusesApp app)
{
    [Property(Arbitrary = [typeof(StatusStepArbitraries)], MaxTest = 40)]
    public async Task Any_sequence_of_changes_keeps_the_intervals_back_to_back_and_covering_the_agents_life(StatusStep[] steps)
    {
        var agent = await app.Api.CreateUserAsync(new { name = Unique.Name("Agent"), email = Unique.Email(), groupIds = new[] { await app.Api.GroupIdAsync("Agents") } });
        var clock = new FakeTimeProvider(agent.CreatedAt);
        await using var scope = app.Services.CreateAsyncScope();
        var sp = scope.ServiceProvider;
        var db = sp.GetRequiredService<RolodeskDbContext>();
        var changer = new StatusChanger(db, sp.GetRequiredService<SystemStatusIds>(), sp.GetRequiredService<IStatusEvents>(), clock,
            sp.GetRequiredService<StatusWriteGate>(), Microsoft.Extensions.Logging.Abstractions.NullLogger<StatusChanger>.Instance);
        using var admin = await app.Api.AdminAsync();
        var statuses = (await StatusApi.ListAsync(admin)).Select(s => s.Id).Take(4).ToList();
        if (statuses.Count < 4) statuses.Add((await StatusApi.CreateAsync(admin)).Id);

        var expected = (await StatusApi.HistoryAsync(admin, agent.Id)).Items.Single().StatusId;
        var changedAny = false;
        foreach (var step in steps)
        {
            clock.Advance(TimeSpan.FromSeconds(step.AfterSeconds));
            if (step.Activity)
            {
                var r = await changer.RecordActivityAsync(agent.Id);
                if (r.StatusId is { } now) expected = now;
                continue;
            }
            var result = await changer.ChangeAsync(new StatusChange(agent.Id, statuses[step.Status], step.Source, agent.Id, step.ToString()));
            Assert.Equal(statuses[step.Status] == expected ? ChangeOutcome.Unchanged : ChangeOutcome.Changed, result.Outcome);
            expected = statuses[step.Status];
            changedAny |= result.Outcome == ChangeOutcome.Changed;
        }

        if (!changedAny) return; // activity and no-op changes alone never create history
        var intervals = await app.AssertInvariantAsync(agent.Id);
        Assert.Equal(expected, intervals[^1].StatusId);
        Assert.Equal(agent.CreatedAt, intervals[0].Started);
        var end = clock.GetUtcNow();
        var covered = intervals.Aggregate(TimeSpan.Zero, (sum, i) => sum + ((i.Ended ?? end) - i.Started));
        Assert.Equal(end - agent.CreatedAt, covered);
    }
}
