using System.Net;
using System.Net.Http.Json;
using Rolodesk.Server.Features.Statuses;
using Rolodesk.Server.Infrastructure;
using Rolodesk.Tests.Infrastructure;

namespace Rolodesk.Tests.Http;

/// <summary>Status helpers over the public API.</summary>
public static class StatusApi
{
    public static async Task<List<StatusResponse>> ListAsync(HttpClient http) =>
        (await http.GetFromJsonAsync<List<StatusResponse>>("/api/v1/statuses"))!;

    public static async Task<int> IdAsync(HttpClient http, string systemKey) =>
        (await ListAsync(http)).Single(s => s.SystemKey == systemKey).Id;

    public static async Task<StatusResponse> CreateAsync(HttpClient admin, string? name = null, string color = "#123ABC", bool acceptsRequests = false)
    {
        var response = await admin.PostAsJsonAsync("/api/v1/statuses", new { name = name ?? Unique.Name("Status"), color, acceptsRequests });
        Assert.True(response.StatusCode == HttpStatusCode.Created, await Api.Describe(response));
        return (await response.Content.ReadFromJsonAsync<StatusResponse>())!;
    }

    public static Task<HttpResponseMessage> SetMineAsync(HttpClient agent, int statusId, string? reason = null) =>
        agent.PutAsJsonAsync("/api/v1/me/status", new { statusId, reason });

    public static Task<HttpResponseMessage> SetAgentAsync(HttpClient http, int agentId, int statusId, string? source = null, string? reason = null) =>
        http.PutAsJsonAsync($"/api/v1/agents/{agentId}/status", new { statusId, reason, source });

    public static Task<AgentStatusResponse> OkAsync(HttpResponseMessage response) => OkOf<AgentStatusResponse>(response);

    public static async Task<T> OkOf<T>(HttpResponseMessage response)
    {
        Assert.True(response.StatusCode == HttpStatusCode.OK, await Api.Describe(response));
        return (await response.Content.ReadFromJsonAsync<T>())!;
    }

    public static async Task<AgentStatusResponse> CurrentAsync(HttpClient agent) =>
        (await agent.GetFromJsonAsync<AgentStatusResponse>("/api/v1/me/status"))!;

    public static async Task<Page<StatusIntervalResponse>> HistoryAsync(HttpClient http, int userId, string query = "") =>
        (await http.GetFromJsonAsync<Page<StatusIntervalResponse>>($"/api/v1/users/{userId}/status-history?pageSize=200&{query}"))!;

    public static async Task SetRuleAsync(HttpClient admin, int? minutes, int? statusId)
    {
        var response = await admin.PutAsJsonAsync("/api/v1/status-settings", new { inactivityMinutes = minutes, inactivityStatusId = statusId });
        Assert.True(response.StatusCode == HttpStatusCode.OK, await Api.Describe(response));
    }
}
