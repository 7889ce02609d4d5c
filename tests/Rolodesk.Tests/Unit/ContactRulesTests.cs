using Rolodesk.Server.Features.Contacts;
using Rolodesk.Server.Infrastructure;

namespace Rolodesk.Tests.Unit;

public sealed class ContactRulesTests
{
    private static string[] Errors(Action<ValidationErrors> rule)
    {
        var errors = new ValidationErrors();
        rule(errors);
        return [.. errors.All.Keys];
    }

    [Theory]
    [InlineData("Ada", true)]
    [InlineData("  Ada  ", true)]
    [InlineData("", false)]
    [InlineData("   ", false)]
    [InlineData(null, false)]
    [InlineData("Ada\0", false)]
    [InlineData("Ada\nKing", false)]
    public void Name_is_required_and_free_of_control_characters(string? name, bool valid) =>
        Assert.Equal(valid, Errors(e => ContactRules.Name(name, e)).Length == 0);

    [Fact]
    public void Name_is_at_most_200_characters() =>
        Assert.Equal(["name"], Errors(e => ContactRules.Name(new string('a', ContactRules.NameMax + 1), e)));

    [Theory]
    [InlineData(null, true)]
    [InlineData("", true)]
    [InlineData("ada@example.com", true)]
    [InlineData("  ada@example.com ", true)]
    [InlineData("ada", false)]
    [InlineData("Ada <ada@example.com>", false)]
    [InlineData("ada@", false)]
    [InlineData("@example.com", false)]
    public void Email_is_optional_but_must_be_a_bare_address(string? email, bool valid) =>
        Assert.Equal(valid, Errors(e => ContactRules.Email(email, e)).Length == 0);

    [Theory]
    [InlineData(null, true)]
    [InlineData("+1 (555) 010-2030", true)]
    [InlineData("555.0100", true)]
    [InlineData("call me", false)]
    [InlineData("++1", false)]
    [InlineData("１２３", false)]
    public void Phone_allows_digits_spaces_and_plus_parentheses_dashes_dots(string? phone, bool valid) =>
        Assert.Equal(valid, Errors(e => ContactRules.Phone(phone, e)).Length == 0);

    [Theory]
    [InlineData("+1 (555) 010-2030", "15550102030")]
    [InlineData("  ", null)]
    [InlineData(null, null)]
    public void Phone_digits_drop_everything_but_ascii_digits(string? phone, string? digits) =>
        Assert.Equal(digits, ContactRules.PhoneDigits(phone));

    [Theory]
    [InlineData("example.com", true)]
    [InlineData("mail.example.co.uk", true)]
    [InlineData("localhost", false)]
    [InlineData("exa mple.com", false)]
    [InlineData("-bad.com", false)]
    public void Domain_must_be_a_host_name(string domain, bool valid) =>
        Assert.Equal(valid, Errors(e => ContactRules.Domain(domain, e)).Length == 0);

    [Theory]
    [InlineData("Line one\nline two\ttabbed", true)]
    [InlineData("nul\0", false)]
    public void Notes_may_hold_line_breaks_but_not_nul(string notes, bool valid) =>
        Assert.Equal(valid, Errors(e => ContactRules.Notes(notes, e)).Length == 0);

    [Fact]
    public void Clean_trims_and_turns_blank_into_null()
    {
        Assert.Equal("a b", ContactRules.Clean("\t a b \n"));
        Assert.Null(ContactRules.Clean(" \t "));
    }

    [Fact]
    public void Validation_errors_collect_several_messages_per_path()
    {
        var errors = new ValidationErrors().Add("name", "one").Add("name", "two").Add("email", "three");

        Assert.True(errors.Any);
        Assert.Equal(["one", "two"], errors.All["name"]);
    }
}
