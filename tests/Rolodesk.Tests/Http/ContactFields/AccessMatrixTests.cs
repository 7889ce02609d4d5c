using System.Net;
using System.Net.Http.Json;
using Rolodesk.Server.Features.ContactFields;
using Rolodesk.Server.Features.ContactFields.Values;
using Rolodesk.Server.Features.Contacts;
using Rolodesk.Server.Infrastructure;
using Rolodesk.Tests.Infrastructure;

namespace Rolodesk.Tests.Http;

/// <summary>
/// The access matrix of issue 3: every level a user group can hold on a field (none, display,
/// edit, mandatory) × the kind of actor (an agent on someone's card, a client on their own card)
/// × every path a value can be read or written through. Each cell states what the actor must see.
/// </summary>
[Collection(FieldValuesCollection.Name)]
public sealed partial class AccessMatrixTests(FieldValuesApp app)
{
    public static readonly TheoryData<string> Levels = new("none", "display", "edit", "mandatory");

    [Theory, MemberData(nameof(Levels))]
    public async Task An_agent_meets_the_level_on_every_path_of_a_user_card(string level)
    {
        var s = await ValuesScene.CreateAsync(app);
        var field = await s.FieldAsync("text", access: Access(await s.AdministratorsAsync(), s.Agents.Id, level));
        var card = await s.CreateUserAsync(Value(field.Key, "stored"));
        var agent = await s.AgentAsync();

        // Reads: the card, a list page, a search result.
        var read = await s.GetUserAsync(card.Id, agent.Http);
        var listed = (await agent.Http.GetFromJsonAsync<Page<UserResponse>>($"/api/v1/users?search={Uri.EscapeDataString(card.Name)}"))!;
        foreach (var seen in new[] { read, Assert.Single(listed.Items) }) AssertSees(seen.CustomFields!, field.Key, level);
        // The definition itself (name, default) is no more visible than the values.
        var definitions = (await agent.Http.GetFromJsonAsync<List<FieldResponse>>("/api/v1/fields?target=users"))!;
        var group = (await agent.Http.GetFromJsonAsync<FieldGroupDetail>($"/api/v1/field-groups/{s.Group.Id}"))!;
        Assert.Equal(level != "none", definitions.Any(f => f.Id == field.Id));
        Assert.Equal(level != "none", group.Fields.Any(f => f.Id == field.Id));
        Assert.Equal(level == "none" ? HttpStatusCode.NotFound : HttpStatusCode.OK, (await agent.Http.GetAsync($"/api/v1/fields/{field.Id}")).StatusCode);

        // Writes: change, clear, leave alone, create with and without a value.
        await ExpectWrite(level, Write.Set, field.Key, await s.PutUserAsync(card, Value(field.Key, "changed"), agent.Http));
        await ExpectWrite(level, Write.Clear, field.Key, await s.PutUserAsync(card, Value(field.Key, null), agent.Http));
        await ExpectWrite(level, Write.Untouched, field.Key, await s.PutUserAsync(card, null, agent.Http));
        await ExpectWrite(level, Write.CreateWithout, field.Key, await s.PostUserAsync(null, agent.Http));
        await ExpectWrite(level, Write.CreateWith, field.Key, await s.PostUserAsync(Value(field.Key, "new"), agent.Http));

        // Refused writes changed nothing; accepted ones left what was last written.
        var after = await s.GetUserAsync(card.Id);
        ValueAssert.Has(after, field.Key, level is "edit" ? "null" : level is "mandatory" ? "\"changed\"" : "\"stored\"");
    }

    [Theory, MemberData(nameof(Levels))]
    public async Task A_client_meets_the_level_on_every_path_of_their_own_card(string level)
    {
        var s = await ValuesScene.CreateAsync(app);
        var field = await s.FieldAsync("text", access: Access(await s.AdministratorsAsync(), s.Audience.Id, level));
        var client = await s.ClientAsync();
        Assert.Equal(HttpStatusCode.OK, (await s.PutUserAsync(client.User, Value(field.Key, "stored"))).StatusCode);

        var me = (await client.Http.GetFromJsonAsync<MeResponse>("/api/v1/me"))!.User;
        var own = await s.GetUserAsync(client.User.Id, client.Http);
        foreach (var seen in new[] { me, own }) AssertSees(seen.CustomFields!, field.Key, level);
        // Clients have no contacts rights: lists and other cards are closed to them altogether.
        Assert.Equal(HttpStatusCode.Forbidden, (await client.Http.GetAsync($"/api/v1/users?search={Uri.EscapeDataString(client.User.Name)}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await s.PutUserAsync(client.User, Value(field.Key, "x"), client.Http)).StatusCode);

        await ExpectWrite(level, Write.Set, field.Key, await PutMe(client, Value(field.Key, "changed")));
        await ExpectWrite(level, Write.Clear, field.Key, await PutMe(client, Value(field.Key, null)));
        await ExpectWrite(level, Write.Untouched, field.Key, await PutMe(client, null));

        ValueAssert.Has(await s.GetUserAsync(client.User.Id), field.Key, level is "edit" ? "null" : level is "mandatory" ? "\"changed\"" : "\"stored\"");
    }

    private static Task<HttpResponseMessage> PutMe(Caller client, Dictionary<string, object?>? customFields) =>
        client.Http.PutAsJsonAsync("/api/v1/me", new { name = client.User.Name, email = client.User.Email, customFields });

    private enum Write { Set, Clear, Untouched, CreateWithout, CreateWith }

    /// <summary>The expected answer of one write at one level: success, or 400 with the field's key and message.</summary>
    private static async Task ExpectWrite(string level, Write write, string key, HttpResponseMessage response)
    {
        var error = (level, write) switch
        {
            (_, Write.Untouched) => null,
            ("mandatory", Write.CreateWithout or Write.Clear) => "Required.",
            (_, Write.CreateWithout) => null,
            // A hidden field is not there for the actor: the same answer as for a key that does not exist.
            ("none", _) => CardFields.NoSuchField,
            ("display", _) => CardFields.MayNotEdit,
            _ => null,
        };
        var context = $"{write} at level {level}";
        if (error is null)
        {
            Assert.True(response.IsSuccessStatusCode, context + ": " + await Api.Describe(response));
            return;
        }
        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
        var errors = problem.GetProperty("errors");
        Assert.True(errors.TryGetProperty("customFields." + key, out var messages), context + ": " + problem);
        Assert.Equal(error, messages[0].GetString());
    }

    private static void AssertSees(CustomFieldValues values, string key, string level)
    {
        if (level == "none") Assert.False(values.ContainsKey(key), $"a field without access leaked: {key}");
        else Assert.Equal("stored", values[key].GetString());
    }

    private static (int, string)[] Access(int administrators, int group, string level) =>
        level == "none" ? [(administrators, "edit")] : [(administrators, "edit"), (group, level)];

    private static Dictionary<string, object?> Value(string key, object? value) => new() { [key] = value };
}
