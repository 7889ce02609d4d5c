using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Rolodesk.Tests.Http;

/// <summary>Who may open the Requests and Distribution settings pages in a browser (cookie sign-in, server-rendered).</summary>
[Collection(DistributionCollection.Name)]
public sealed class RequestPagesAccessTests(DistributionApp app)
{
    private async Task<HttpClient> BrowserOfAsync(string email, string password)
    {
        var browser = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        Assert.Equal(HttpStatusCode.Redirect, (await AccountTests.SignInAsync(browser, email, password)).StatusCode);
        return browser;
    }

    [Fact]
    public async Task An_agent_without_the_distribution_right_opens_requests_but_is_refused_the_settings()
    {
        var agent = await app.Api.AgentAsync();
        using var browser = await BrowserOfAsync(agent.User.Email!, agent.Password);

        var requests = await browser.GetAsync("/requests");
        var settings = await browser.GetAsync("/distribution-settings");

        Assert.Equal(HttpStatusCode.OK, requests.StatusCode);
        Assert.Contains("data-testid=\"requests-page\"", await requests.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Redirect, settings.StatusCode);
        Assert.StartsWith("/forbidden", settings.Headers.Location?.PathAndQuery ?? settings.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task A_holder_of_the_distribution_right_opens_the_settings()
    {
        var group = await app.Api.CreateGroupAsync("agents", "requests.distribution.manage");
        var supervisor = await app.Api.SignedInMemberOfAsync(group.Name);
        using var browser = await BrowserOfAsync(supervisor.User.Email!, supervisor.Password);

        var settings = await browser.GetAsync("/distribution-settings");

        Assert.Equal(HttpStatusCode.OK, settings.StatusCode);
        Assert.Contains("Distribution of requests", await settings.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_client_is_told_requests_are_for_agents()
    {
        var client = await app.Api.ClientAsync();
        using var browser = await BrowserOfAsync(client.User.Email!, client.Password);

        var requests = await browser.GetAsync("/requests");

        Assert.Equal(HttpStatusCode.OK, requests.StatusCode);
        Assert.Contains("Requests are for agents", await requests.Content.ReadAsStringAsync());
    }
}
