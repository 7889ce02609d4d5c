using System.Net;
using System.Net.Http.Json;
using Rolodesk.Server.Features.ContactFields.Filters;
using Rolodesk.Server.Features.Contacts;
using Rolodesk.Tests.Infrastructure;

namespace Rolodesk.Tests.Http;

/// <summary>Filters combined with each other and with the list's own parameters; who may filter on what; companies.</summary>
[Collection(FieldValuesCollection.Name)]
public sealed class FilterCombinedTests(FieldValuesApp app)
{
    private static readonly object Priority = new { options = new[] { new { id = "hi", label = "High" }, new { id = "lo", label = "Low" } } };

    [Fact]
    public async Task Conditions_are_all_met_and_combine_with_search_sort_and_paging_with_an_exact_total()
    {
        var s = await FilterScene.CreateAsync(app);
        var p = await s.FieldAsync("dropdown", Priority);
        var n = await s.FieldAsync("number");
        foreach (var (name, priority, score) in new[] { ("Ann", "hi", 1), ("Bob", "hi", 7), ("Cid", "lo", 7), ("Dan", "hi", 9), ("Eve", "hi", 20), ("Fay", "hi", 8) })
            await s.UserAsync(name, new() { [p] = priority, [n] = score });
        var query = $"cf.{p}=hi&cf.{n}.from=5&cf.{n}.to=10";

        Assert.Equal(["Bob", "Dan", "Fay"], await s.UsersAsync(query));
        Assert.Equal(["Fay", "Dan", "Bob"], await s.UsersAsync(query + "&sort=-name"));
        var second = await s.PageAsync<UserResponse>("users", query + "&pageSize=2&page=2", null);
        Assert.Equal((3, 2, 2), (second.Total, second.PageNumber, second.PageSize));
        Assert.Equal("Fay", Assert.Single(second.Items).Name.Split(' ')[0]);
        Assert.Equal(["Dan"], await s.UsersAsync($"cf.{p}=hi&cf.{n}.from=9&cf.{n}.to=10"));
    }

    [Fact]
    public async Task A_field_the_caller_may_not_display_is_refused_like_an_unknown_key()
    {
        var s = await FilterScene.CreateAsync(app);
        var shown = await s.FieldAsync("text", null, (s.Values.Agents.Id, "display"));
        var hidden = await s.FieldAsync("text");
        await s.UserAsync("Ann", new() { [shown] = "a", [hidden] = "secret" });
        var agent = await s.Values.AgentAsync();

        Assert.Equal(["Ann"], await s.UsersAsync($"cf.{shown}=a", agent.Http));
        var errors = await s.ErrorsAsync($"cf.{hidden}=secret&cf.{hidden}.empty=false&cf.nosuchkey=1", agent.Http);
        Assert.Equal(CardFilterParser.NoSuchField, errors[$"cf.{hidden}"]);
        Assert.Equal(CardFilterParser.NoSuchField, errors["cf.nosuchkey"]);
        Assert.Equal(2, errors.Count);
    }

    [Fact]
    public async Task Values_of_a_field_that_no_longer_applies_to_the_card_do_not_match()
    {
        var s = await FilterScene.CreateAsync(app);
        var k = await s.FieldAsync("text");
        var moved = await s.UserAsync("Ann", new() { [k] = "x" });
        await s.UserAsync("Bob", new() { [k] = "x" });
        await s.UserAsync("Cid");
        var elsewhere = await s.Values.Api.CreateGroupAsync();

        var put = await s.Values.Admin.PutAsJsonAsync($"/api/v1/users/{moved.Id}", new { name = moved.Name, email = moved.Email, groupIds = new[] { elsewhere.Id } });
        Assert.True(put.StatusCode == HttpStatusCode.OK, await Api.Describe(put));

        Assert.Equal(["Bob"], await s.UsersAsync($"cf.{k}=x"));
        Assert.Equal(["Cid"], await s.UsersAsync($"cf.{k}.empty=true"));
    }

    [Fact]
    public async Task An_archived_field_cannot_be_filtered_on()
    {
        var s = await FilterScene.CreateAsync(app);
        var field = await s.Values.FieldAsync("text", access: (await s.Values.AdministratorsAsync(), "edit"));
        Assert.Equal(HttpStatusCode.OK, (await s.Values.Admin.PostAsync($"/api/v1/fields/{field.Id}/archive", null)).StatusCode);

        Assert.Equal(CardFilterParser.NoSuchField, (await s.ErrorsAsync($"cf.{field.Key}=x"))[$"cf.{field.Key}"]);
    }

    [Fact]
    public async Task Companies_filter_on_company_fields_only()
    {
        var s = await FilterScene.CreateAsync(app, "companies");
        var p = await s.FieldAsync("dropdown", Priority);
        var since = await s.FieldAsync("date");
        await s.CompanyAsync("Acme", new() { [p] = "hi", [since] = "2020-05-01" });
        await s.CompanyAsync("Bolt", new() { [p] = "lo", [since] = "2021-05-01" });
        await s.CompanyAsync("Core", new() { [p] = "hi" });

        Assert.Equal(["Acme", "Core"], await s.CompaniesAsync($"cf.{p}=hi"));
        Assert.Equal(["Acme"], await s.CompaniesAsync($"cf.{p}=hi&cf.{since}.to=2020-12-31"));
        Assert.Equal(["Core"], await s.CompaniesAsync($"cf.{since}.empty=true"));
        Assert.Equal(CardFilterParser.NoSuchField, (await s.ErrorsAsync($"cf.{p}=hi"))[$"cf.{p}"]);
    }
}
