using static Rolodesk.Tests.Http.FilterScene;

namespace Rolodesk.Tests.Http;

/// <summary>Every filter operator on every type that offers it, through GET /users?cf.….</summary>
[Collection(FieldValuesCollection.Name)]
public sealed class FilterOperatorTests(FieldValuesApp app)
{
    private static readonly object Priority = new
    {
        options = new[] { new { id = "hi", label = "High" }, new { id = "mid", label = "Medium" }, new { id = "lo", label = "Low" } },
    };

    private static readonly object Places = new
    {
        options = new object[]
        {
            new { id = "eu", label = "Europe", children = new[] { new { id = "fr", label = "France" }, new { id = "de", label = "Germany" } } },
            new { id = "us", label = "USA", children = new[] { new { id = "ny", label = "New York" } } },
        },
    };

    [Fact]
    public async Task Text_equals_ignores_case_and_a_repeated_parameter_means_any_of()
    {
        var s = await FilterScene.CreateAsync(app);
        var k = await s.FieldAsync("text");
        await s.UserAsync("Ann", new() { [k] = "Paris" });
        await s.UserAsync("Bob", new() { [k] = "pARIS" });
        await s.UserAsync("Cid", new() { [k] = "Lyon" });
        await s.UserAsync("Dan", new() { [k] = "Paris Nord" });
        await s.UserAsync("Eve");

        Assert.Equal(["Ann", "Bob"], await s.UsersAsync($"cf.{k}=PARIS"));
        Assert.Equal(["Ann", "Bob", "Cid"], await s.UsersAsync($"cf.{k}=paris&cf.{k}=lyon"));
        Assert.Equal(["Dan"], await s.UsersAsync($"cf.{k}={Q("paris nord")}"));
        Assert.Empty(await s.UsersAsync($"cf.{k}=Par"));
    }

    [Fact]
    public async Task Dropdown_equals_and_in_compare_option_ids()
    {
        var s = await FilterScene.CreateAsync(app);
        var k = await s.FieldAsync("dropdown", Priority);
        await s.UserAsync("Ann", new() { [k] = "hi" });
        await s.UserAsync("Bob", new() { [k] = "mid" });
        await s.UserAsync("Cid", new() { [k] = "lo" });
        await s.UserAsync("Dan");

        Assert.Equal(["Ann"], await s.UsersAsync($"cf.{k}=hi"));
        Assert.Equal(["Ann", "Cid"], await s.UsersAsync($"cf.{k}=hi&cf.{k}=lo"));
        Assert.Empty(await s.UsersAsync($"cf.{k}=High")); // labels are not ids
    }

    [Fact]
    public async Task Checkbox_equals_true_or_false()
    {
        var s = await FilterScene.CreateAsync(app);
        var k = await s.FieldAsync("checkbox");
        await s.UserAsync("Ann", new() { [k] = true });
        await s.UserAsync("Bob", new() { [k] = false });
        await s.UserAsync("Cid");

        Assert.Equal(["Ann"], await s.UsersAsync($"cf.{k}=true"));
        Assert.Equal(["Bob"], await s.UsersAsync($"cf.{k}=False"));
        Assert.Equal(["Ann", "Bob"], await s.UsersAsync($"cf.{k}=true&cf.{k}=false"));
    }

    [Fact]
    public async Task Number_range_is_inclusive_and_either_bound_may_be_alone()
    {
        var s = await FilterScene.CreateAsync(app);
        var k = await s.FieldAsync("number", new { decimalPlaces = 2 });
        await s.UserAsync("Ann", new() { [k] = -1.5m });
        await s.UserAsync("Bob", new() { [k] = 5 });
        await s.UserAsync("Cid", new() { [k] = 10 });
        await s.UserAsync("Dan", new() { [k] = 12.25m });
        await s.UserAsync("Eve");

        Assert.Equal(["Bob", "Cid"], await s.UsersAsync($"cf.{k}.from=5&cf.{k}.to=10"));
        Assert.Equal(["Cid", "Dan"], await s.UsersAsync($"cf.{k}.from=10"));
        Assert.Equal(["Ann"], await s.UsersAsync($"cf.{k}.to=-1.5"));
        Assert.Equal(["Dan"], await s.UsersAsync($"cf.{k}.from=12.2&cf.{k}.to=12.3"));
        Assert.Empty(await s.UsersAsync($"cf.{k}.from=11&cf.{k}.to=6"));
    }

    [Fact]
    public async Task Date_range_is_inclusive_and_either_bound_may_be_alone()
    {
        var s = await FilterScene.CreateAsync(app);
        var k = await s.FieldAsync("date");
        await s.UserAsync("Ann", new() { [k] = "2024-01-31" });
        await s.UserAsync("Bob", new() { [k] = "2024-02-01" });
        await s.UserAsync("Cid", new() { [k] = "2025-06-15" });
        await s.UserAsync("Dan");

        Assert.Equal(["Ann", "Bob"], await s.UsersAsync($"cf.{k}.from=2024-01-31&cf.{k}.to=2024-02-01"));
        Assert.Equal(["Bob", "Cid"], await s.UsersAsync($"cf.{k}.from=2024-02-01"));
        Assert.Equal(["Ann"], await s.UsersAsync($"cf.{k}.to=2024-01-31"));
    }

    [Fact]
    public async Task Nested_prefix_finds_values_at_and_under_a_path()
    {
        var s = await FilterScene.CreateAsync(app);
        var k = await s.FieldAsync("nested", Places);
        await s.UserAsync("Ann", new() { [k] = new[] { "eu", "fr" } });
        await s.UserAsync("Bob", new() { [k] = new[] { "eu", "de" } });
        await s.UserAsync("Cid", new() { [k] = new[] { "eu" } });
        await s.UserAsync("Dan", new() { [k] = new[] { "us", "ny" } });
        await s.UserAsync("Eve");

        Assert.Equal(["Ann", "Bob", "Cid"], await s.UsersAsync($"cf.{k}.prefix=eu"));
        Assert.Equal(["Ann"], await s.UsersAsync($"cf.{k}.prefix={Q("eu/fr")}"));
        Assert.Equal(["Dan"], await s.UsersAsync($"cf.{k}.prefix=us/ny"));
        Assert.Empty(await s.UsersAsync($"cf.{k}.prefix=fr"));
    }

    [Theory]
    [InlineData("text", "\"x\"")]
    [InlineData("textarea", "\"a\\nb\"")]
    [InlineData("dropdown", "\"mid\"")]
    [InlineData("checkbox", "false")]
    [InlineData("date", "\"2024-02-29\"")]
    [InlineData("number", "0")]
    [InlineData("nested", "[\"us\"]")]
    public async Task Empty_true_finds_cards_without_a_value_and_false_those_with_one(string type, string value)
    {
        var s = await FilterScene.CreateAsync(app);
        var k = await s.FieldAsync(type, type switch { "dropdown" => Priority, "nested" => Places, _ => null });
        await s.UserAsync("Ann", new() { [k] = ValuesScene.J(value) });
        await s.UserAsync("Bob");

        Assert.Equal(["Bob"], await s.UsersAsync($"cf.{k}.empty=true"));
        Assert.Equal(["Ann"], await s.UsersAsync($"cf.{k}.empty=false"));
    }
}
