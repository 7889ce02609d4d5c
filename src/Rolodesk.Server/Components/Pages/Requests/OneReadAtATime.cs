namespace Rolodesk.Server.Components.Pages.Requests;

/// <summary>
/// Re-reads a page's data on request events one read at a time: a burst of events (hundreds of
/// assignments a second) costs at most one more read, and an older read finishing late never
/// overwrites a newer one. Call <see cref="RunAsync"/> on the component's dispatcher only.
/// </summary>
public sealed class OneReadAtATime(Func<Task> read)
{
    private bool _running, _again;

    /// <summary>Reads now, or, while a read is going, once more after it (with whatever the page asks for by then).</summary>
    public async Task RunAsync()
    {
        if (_running)
        {
            _again = true;
            return;
        }
        _running = true;
        try
        {
            do
            {
                _again = false;
                await read();
            }
            while (_again);
        }
        finally { _running = false; }
    }
}
