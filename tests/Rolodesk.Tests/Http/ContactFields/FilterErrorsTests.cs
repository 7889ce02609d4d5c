using System.Net;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Rolodesk.Tests.Infrastructure;

namespace Rolodesk.Tests.Http;

/// <summary>Filter parameters that cannot be met are refused with a problem under the parameter's name, never a 500.</summary>
[Collection(FieldValuesCollection.Name)]
public sealed class FilterErrorsTests(FieldValuesApp app)
{
    private static readonly object Tree = new { options = new[] { new { id = "eu", label = "Europe", children = new[] { new { id = "fr", label = "France" } } } } };

    /// <summary>One field of each type, keyed by type, created once per app for the whole class.</summary>
    private static readonly SemaphoreSlim Lock = new(1, 1);
    private static (FieldValuesApp App, FilterScene Scene, Dictionary<string, string> Keys)? _fields;

    private async Task<(FilterScene Scene, Dictionary<string, string> Keys)> FieldsAsync()
    {
        await Lock.WaitAsync();
        try
        {
            if (_fields is { } f && f.App == app) return (f.Scene, f.Keys);
            var s = await FilterScene.CreateAsync(app);
            var keys = new Dictionary<string, string>();
            foreach (var type in new[] { "text", "textarea", "dropdown", "checkbox", "date", "number", "nested" })
                keys[type] = await s.FieldAsync(type, type switch { "dropdown" => new { options = new[] { new { id = "a", label = "A" } } }, "nested" => Tree, _ => null });
            _fields = (app, s, keys);
            return (s, keys);
        }
        finally { Lock.Release(); }
    }

    [Theory]
    [InlineData("number", "", "5", "")]
    [InlineData("date", "", "2024-01-01", "")]
    [InlineData("textarea", "", "x", "")]
    [InlineData("nested", "", "eu", "")]
    [InlineData("text", ".from", "a", ".from")]
    [InlineData("dropdown", ".to", "a", ".to")]
    [InlineData("checkbox", ".from", "true", ".from")]
    [InlineData("dropdown", ".prefix", "a", ".prefix")]
    [InlineData("number", ".prefix", "1", ".prefix")]
    public async Task An_operator_the_type_does_not_offer_is_refused_under_its_parameter(string type, string suffix, string value, string errorSuffix)
    {
        var (s, keys) = await FieldsAsync();
        var errors = await s.ErrorsAsync($"cf.{keys[type]}{suffix}={value}");
        Assert.Contains($"cannot be filtered with", errors[$"cf.{keys[type]}{errorSuffix}"]);
    }

    [Theory]
    [InlineData("number", ".from", "abc")]
    [InlineData("number", ".to", "1,5")]
    [InlineData("number", ".from", "2024-01-01")]
    [InlineData("date", ".from", "2024-13-01")]
    [InlineData("date", ".to", "31/01/2024")]
    [InlineData("date", ".to", "12")]
    [InlineData("checkbox", "", "maybe")]
    [InlineData("text", "", "%20")]
    [InlineData("nested", ".prefix", "eu//fr")]
    [InlineData("nested", ".prefix", "")]
    [InlineData("text", ".empty", "yes")]
    [InlineData("dropdown", ".empty", "")]
    [InlineData("text", ".between", "1")]
    public async Task A_value_that_does_not_parse_is_refused_under_its_parameter(string type, string suffix, string value)
    {
        var (s, keys) = await FieldsAsync();
        var errors = await s.ErrorsAsync($"cf.{keys[type]}{suffix}={value}");
        Assert.Equal([$"cf.{keys[type]}{suffix}"], errors.Keys);
    }

    [Fact]
    public async Task A_parameter_given_twice_where_once_is_meant_is_refused()
    {
        var (s, keys) = await FieldsAsync();
        var errors = await s.ErrorsAsync($"cf.{keys["number"]}.from=1&cf.{keys["number"]}.from=2&cf.{keys["text"]}.empty=true&cf.{keys["text"]}.empty=false");
        Assert.Equal([$"cf.{keys["number"]}.from", $"cf.{keys["text"]}.empty"], errors.Keys.Order());
    }

    [Fact]
    public async Task A_text_longer_than_the_index_holds_is_refused()
    {
        var (s, keys) = await FieldsAsync();
        Assert.Contains("200", (await s.ErrorsAsync($"cf.{keys["text"]}={new string('x', 201)}"))[$"cf.{keys["text"]}"]);
    }

    public static Arbitrary<string> Queries()
    {
        var names = Gen.Elements("cf.", "cf.{text}", "cf.{number}.from", "cf.{date}.to", "cf.{nested}.prefix", "cf.{checkbox}.empty",
            "cf.{dropdown}", "cf.{textarea}.from", "cf.x.y.z", "cf..", "cf.{text}.", "CF.{text}");
        var values = Gen.Frequency((2, ArbMap.Default.GeneratorFor<string>().Select(v => v ?? "")),
            (1, Gen.Elements("", "true", "1e999", "-0", "2024-02-30", "eu/fr", "a", "\u0000", "\ud800", "1.00000000001", "99999999999999999")));
        var pair = names.SelectMany(n => values.Select(v => (n, v)));
        return Arb.From(pair.ListOf().Select(pairs => string.Join("&", pairs.Take(6).Select(p => p.n + "=" + Uri.EscapeDataString(p.v)))));
    }

    [Property(Arbitrary = [typeof(FilterErrorsTests)], MaxTest = 120)]
    public async Task Any_filter_query_is_answered_or_refused_with_a_problem_never_a_500(string query)
    {
        var (s, keys) = await FieldsAsync();
        foreach (var (type, key) in keys) query = query.Replace("{" + type + "}", key);

        var response = await s.GetAsync("users", query);

        if (response.StatusCode != HttpStatusCode.OK) await ProblemAssert.IsValidationProblemAsync(response);
    }
}
