using Bunit;
using MudBlazor;

namespace Rolodesk.Tests.Components;

public sealed class ExploreTests : EditorTestContext
{
    [Fact]
    public void Markup()
    {
        var t = Edit("textarea", null, "\"hi\"");
        File.AppendAllText("/tmp/editors-explore.txt", "\n" + "TEXTAREA " + t.Cut.Markup);
        var d = Edit("dropdown", """{"options":[{"id":"a","label":"A"},{"id":"b","label":"B","archived":true}]}""", "\"b\"");
        File.AppendAllText("/tmp/editors-explore.txt", "\n" + "DROPDOWN " + d.Cut.Markup);
        d.Cut.Find(".mud-select .mud-input-control").MouseDown();
        File.AppendAllText("/tmp/editors-explore.txt", "\n" + "AFTERCLICK " + d.Cut.Markup + "\nPROVIDER " + Provider.Markup);
        File.AppendAllText("/tmp/editors-explore.txt", "\n" + "COMPONENTS " + d.Cut.FindComponents<MudSelectItem<string>>().Count);
    }
}
