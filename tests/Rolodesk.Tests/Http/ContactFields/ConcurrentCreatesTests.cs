using System.Net.Http.Json;
using Rolodesk.Server.Features.Contacts;
using static Rolodesk.Tests.Http.FilterScene;

namespace Rolodesk.Tests.Http;

/// <summary>
/// Creates sent at the same moment are written together by the group-commit writer (one transaction,
/// ids drawn for the whole batch): each user must still get exactly its own values, groups and filter rows.
/// </summary>
[Collection(FieldValuesCollection.Name)]
public sealed class ConcurrentCreatesTests(FieldValuesApp app)
{
    [Fact]
    public async Task Users_created_at_the_same_time_each_keep_their_own_values_and_are_found_by_them()
    {
        var s = await FilterScene.CreateAsync(app);
        var text = await s.FieldAsync("text");
        var date = await s.FieldAsync("date");
        var names = Enumerable.Range(0, 24).Select(i => $"U{i:00}").ToArray();
        var created = await Task.WhenAll(names.Select((name, i) =>
            s.UserAsync(name, new() { [text] = $"value {i}", [date] = $"2024-01-{i + 1:00}" })));

        Assert.Equal(names.Length, created.Select(u => u.Id).Distinct().Count());
        for (var i = 0; i < names.Length; i++)
        {
            Assert.StartsWith(names[i] + " ", created[i].Name);
            Assert.Equal($"value {i}", created[i].CustomFields![text].GetString());
            Assert.Equal([s.Values.Audience.Id], created[i].Groups.Select(g => g.Id));
            // The answer is the card as stored.
            var read = (await s.Values.Admin.GetFromJsonAsync<UserResponse>($"/api/v1/users/{created[i].Id}"))!;
            Assert.Equal(created[i].Name, read.Name);
            Assert.Equal($"2024-01-{i + 1:00}", read.CustomFields![date].GetString());
            Assert.Equal(created[i].CreatedAt, read.CreatedAt);
        }
        foreach (var i in new[] { 0, 7, 23 })
        {
            Assert.Equal([names[i]], await s.UsersAsync($"cf.{text}={Q($"value {i}")}"));
            Assert.Equal([names[i]], await s.UsersAsync($"cf.{date}.from=2024-01-{i + 1:00}&cf.{date}.to=2024-01-{i + 1:00}"));
        }
    }
}
