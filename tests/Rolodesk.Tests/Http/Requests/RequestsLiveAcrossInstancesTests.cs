using System.Threading.Channels;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Rolodesk.Server.Features.Distribution;

namespace Rolodesk.Tests.Http;

/// <summary>
/// Two instances on one database and one Redis: a request created, assigned or closed through one
/// instance refreshes the open Requests pages and Agents boards (<see cref="RequestPush.Changed"/>)
/// of both, and hub clients of the other hear <c>RequestsChanged</c> once.
/// </summary>
public sealed class RequestsLiveAcrossInstancesTests
{
    private static readonly (string, string) SweepOff = ("Rolodesk:Distribution:SweepSeconds", "3600");

    [Fact]
    public async Task Request_changes_through_one_instance_refresh_the_pages_and_hub_clients_of_the_other()
    {
        var prefix = TwoHosts.NewPrefix();
        await using var a = new RedisDistributionApp(prefix);
        await a.InitializeAsync();
        var world = await a.ScenarioAsync(agents: 1);
        var agent = world.Agents[0];
        await world.SetStatusAsync(agent, world.OnHold);
        await using var b = new OtherInstance(a.ConnectionString, prefix, SweepOff);
        using var adminOnB = b.ClientAs(world.Admin);
        var pagesOfA = new PageTap(a.Services);
        var pagesOfB = new PageTap(b.Services);
        var hubOfB = Channel.CreateUnbounded<bool>();
        await using var clientOfB = await LiveClient.ConnectAsync(b, world.Admin.DefaultRequestHeaders.Authorization!.Parameter);
        clientOfB.Connection.On("RequestsChanged", () => hubOfB.Writer.TryWrite(true));
        await BackplaneReadyAsync(world, pagesOfB, hubOfB);

        var created = await world.CreateAsync("Across instances");
        Assert.Equal("queued", created.State);
        await pagesOfB.UntilAsync(async () => (await StateOnAsync(adminOnB, created.Id)).State == "queued");
        await Task.Delay(500); // a second push would have arrived by now
        Assert.Equal(1, Drain(hubOfB));

        await world.SetStatusAsync(agent, world.Online);
        await pagesOfB.UntilAsync(async () => (await StateOnAsync(adminOnB, created.Id)) is { State: "assigned" } r && r.AgentId == agent.User.Id);
        await pagesOfA.UntilAsync(async () => (await world.GetAsync(created.Id)).Request.State == "assigned");
        Assert.True(Drain(hubOfB) >= 1, "the hub client of B heard of the assignment");

        await world.CloseAsync(created.Id, adminOnB);
        await pagesOfA.UntilAsync(async () => (await world.GetAsync(created.Id)).Request.State == "closed");
    }

    /// <summary>
    /// Redis keeps nothing for a subscriber that is not listening yet: add and close requests through
    /// A until B's pages and hub client hear one, then forget what they heard.
    /// </summary>
    private static async Task BackplaneReadyAsync(Scenario world, PageTap pagesOfB, Channel<bool> hubOfB)
    {
        for (var attempt = 0; ; attempt++)
        {
            var warmUp = await world.CreateAsync("Warm-up");
            await world.CloseAsync(warmUp.Id);
            try
            {
                using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                await pagesOfB.NextAsync(wait.Token);
                await hubOfB.Reader.ReadAsync(wait.Token);
                break;
            }
            catch (OperationCanceledException) when (attempt < 10) { }
        }
        await Task.Delay(300);
        pagesOfB.Drain();
        Drain(hubOfB);
    }

    private static async Task<RequestResponse> StateOnAsync(HttpClient http, long id) =>
        (await System.Net.Http.Json.HttpClientJsonExtensions.GetFromJsonAsync<RequestDetails>(http, $"/api/v1/requests/{id}"))!.Request;

    private static int Drain(Channel<bool> heard)
    {
        var n = 0;
        while (heard.Reader.TryRead(out _)) n++;
        return n;
    }

    /// <summary>What the Blazor pages of one instance are told.</summary>
    private sealed class PageTap
    {
        private readonly Channel<bool> _heard = Channel.CreateUnbounded<bool>();

        public PageTap(IServiceProvider services) => services.GetRequiredService<RequestPush>().Changed += () => _heard.Writer.TryWrite(true);

        public async Task NextAsync(CancellationToken ct) => await _heard.Reader.ReadAsync(ct);

        /// <summary>Waits for page events until, re-reading as a page does, <paramref name="shown"/> holds.</summary>
        public async Task UntilAsync(Func<Task<bool>> shown)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            while (true)
            {
                await NextAsync(timeout.Token);
                if (await shown()) return;
            }
        }

        public void Drain()
        {
            while (_heard.Reader.TryRead(out _)) { }
        }
    }

    private sealed class RedisDistributionApp(string prefix) : DistributionApp
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            TwoHosts.UseRedis(builder, prefix);
        }
    }
}
