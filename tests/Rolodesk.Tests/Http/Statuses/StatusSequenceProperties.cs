using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Rolodesk.Data;
using Rolodesk.Data.Statuses;
using Rolodesk.Server.Features.Statuses;
using Rolodesk.Tests.Infrastructure;

namespace Rolodesk.Tests.Http;

public enum StepKind { Change, SignIn, SignOut, Activity, Sweep, TwoWriters }

/// <summary>One step after some seconds: a change to one of the statuses from a source (two at once from two writers), sign-in/out, activity or a pass of the rule.</summary>
public sealed record StatusStep(StepKind Kind, int Status, StatusSource Source, int AfterSeconds, int Other = 0)
{
    public override string ToString() => $"+{AfterSeconds}s {Kind}" + (Kind is StepKind.Change or StepKind.TwoWriters ? $" {Source}→#{Status}" : "")
        + (Kind == StepKind.TwoWriters ? $" and →#{Other}" : "");
}

public static class StatusStepArbitraries
{
    public static Arbitrary<StatusStep[]> Steps()
    {
        // Short gaps, gaps around the rule's 10 minutes, and long idle stretches.
        var seconds = Gen.Frequency((2, Gen.Constant(0)), (5, Gen.Choose(1, 600)), (2, Gen.Choose(590, 610)), (1, Gen.Choose(600, 7200)));
        var kind = Gen.Frequency((6, Gen.Constant(StepKind.Change)), (1, Gen.Constant(StepKind.SignIn)), (1, Gen.Constant(StepKind.SignOut)),
            (2, Gen.Constant(StepKind.Activity)), (3, Gen.Constant(StepKind.Sweep)), (2, Gen.Constant(StepKind.TwoWriters)));
        var step = kind.SelectMany(k => Gen.Choose(0, 3).SelectMany(s => Gen.Choose(0, 3).SelectMany(o => Gen.Elements(Enum.GetValues<StatusSource>())
            .SelectMany(src => seconds.Select(t => new StatusStep(k, s, src, t, o))))));
        return Arb.From(Gen.Choose(1, 30).SelectMany(n => step.ArrayOf(n)));
    }
}

/// <summary>
/// Any sequence of changes from any sources (self, analytics, omni, api, inactivity, sign-in,
/// sign-out, activity, the rule's sweep, two writers at once with gates of their own, as two
/// instances) at any times keeps the intervals back to back, and their durations add up to the
/// agent's whole life: what the report will sum. Each case has a clock of its own, so the shared
/// app's clock (and its tokens) does not run away.
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
        await using var scope2 = app.Services.CreateAsyncScope();
        using var gate = new StatusWriteGate();
        using var gate2 = new StatusWriteGate();
        var (changer, db) = Writer(scope.ServiceProvider, clock, gate);
        var (second, _) = Writer(scope2.ServiceProvider, clock, gate2);
        var sweep = new InactivitySweep(db, changer, scope.ServiceProvider.GetRequiredService<SystemStatusIds>(), clock);
        using var admin = await app.Api.AdminAsync();
        var statuses = (await StatusApi.ListAsync(admin)).Select(s => s.Id).Take(4).ToList();
        if (statuses.Count < 4) statuses.Add((await StatusApi.CreateAsync(admin)).Id);
        var offline = await StatusApi.IdAsync(admin, SystemStatuses.Offline);
        await StatusApi.SetRuleAsync(admin, 10, statuses[^1]);
        try
        {
            foreach (var step in steps)
            {
                clock.Advance(TimeSpan.FromSeconds(step.AfterSeconds));
                var current = (await app.StoredAsync(agent.Id)).Presence?.StatusId ?? offline;
                var change = new StatusChange(agent.Id, statuses[step.Status], step.Source, agent.Id, step.ToString());
                switch (step.Kind)
                {
                    case StepKind.Change:
                        var result = await changer.ChangeAsync(change);
                        Assert.Equal(change.StatusId == current ? ChangeOutcome.Unchanged : ChangeOutcome.Changed, result.Outcome);
                        break;
                    case StepKind.SignIn: await changer.SignedInAsync(agent.Id); break;
                    case StepKind.SignOut: await changer.SignedOutAsync(agent.Id); break;
                    case StepKind.Activity: await changer.RecordActivityAsync(agent.Id); break;
                    case StepKind.Sweep: await sweep.RunOnceAsync(); break;
                    case StepKind.TwoWriters:
                        var both = await Task.WhenAll(Task.Run(() => changer.ChangeAsync(change)),
                            Task.Run(() => second.ChangeAsync(change with { StatusId = statuses[step.Other], Source = StatusSource.Omni })));
                        Assert.Contains((await app.StoredAsync(agent.Id)).Presence?.StatusId ?? offline, both.Select(r => r.StatusId));
                        break;
                }
            }
        }
        finally
        {
            await StatusApi.SetRuleAsync(admin, null, null);
        }

        var (stored, presence) = await app.StoredAsync(agent.Id);
        if (presence is null) return; // activity, sign-out and sweeps of a never-changed agent create no history
        var intervals = await app.AssertInvariantAsync(agent.Id);
        Assert.Equal(agent.CreatedAt, intervals[0].Started);
        var end = clock.GetUtcNow();
        var covered = intervals.Aggregate(TimeSpan.Zero, (sum, i) => sum + ((i.Ended ?? end) - i.Started));
        Assert.Equal(end - agent.CreatedAt, covered);
        // The rule fired at most once per idle stretch: never two inactivity moves in a row without anything between.
        Assert.DoesNotContain(stored.Zip(stored.Skip(1)), p => p.First.Source == StatusSource.Inactivity && p.First.ActorUserId == null
            && p.Second.Source == StatusSource.Inactivity && p.Second.ActorUserId == null);
    }

    /// <summary>A changer with a gate of its own: two of them race like two app instances on one database.</summary>
    private static (StatusChanger, RolodeskDbContext) Writer(IServiceProvider sp, TimeProvider clock, StatusWriteGate gate)
    {
        var db = sp.GetRequiredService<RolodeskDbContext>();
        return (new StatusChanger(db, sp.GetRequiredService<SystemStatusIds>(), sp.GetRequiredService<IStatusEvents>(), clock,
            gate, NullLogger<StatusChanger>.Instance), db);
    }
}
