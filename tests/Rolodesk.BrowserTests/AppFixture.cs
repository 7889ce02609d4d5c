using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Playwright;

[assembly: AssemblyFixture(typeof(Rolodesk.BrowserTests.AppFixture))]

namespace Rolodesk.BrowserTests;

/// <summary>
/// The real app on a free Kestrel port with a fresh SQLite file and a known administrator, and
/// Debian's Chromium driven by Playwright. Playwright never downloads a browser here.
/// </summary>
public sealed class AppFixture : IAsyncLifetime
{
    public const string AdminEmail = "admin@example.com";
    public const string AdminPassword = "admin-pass-1";

    private static readonly string[] ChromiumArgs =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ];

    private readonly string _dataDir = Path.Combine(Path.GetTempPath(), "rolodesk-browser-" + Guid.NewGuid().ToString("N"));
    private WebApplicationFactory<Program>? _app;
    private IPlaywright? _playwright;

    public string BaseUrl { get; private set; } = "";
    public IBrowser Browser { get; private set; } = default!;
    public string ScreenshotDir { get; } = Environment.GetEnvironmentVariable("ROLODESK_SCREENSHOTS") is { Length: > 0 } dir
        ? dir : Path.Combine(RepoRoot(), "artifacts", "screenshots");

    public async ValueTask InitializeAsync()
    {
        Directory.CreateDirectory(_dataDir);
        Directory.CreateDirectory(ScreenshotDir);
        var port = FreePort();
        BaseUrl = $"http://127.0.0.1:{port}";
        _app = new WebApplicationFactory<Program>().WithWebHostBuilder(b => b
            .UseSetting("urls", BaseUrl)
            .UseSetting("ConnectionStrings:Rolodesk", $"Data Source={Path.Combine(_dataDir, "rolodesk.db")}")
            .UseSetting("ROLODESK_ADMIN_EMAIL", AdminEmail)
            .UseSetting("ROLODESK_ADMIN_PASSWORD", AdminPassword)
            .UseSetting("Logging:LogLevel:Default", "Warning")
            .UseSetting("Logging:LogLevel:Microsoft.AspNetCore.Hosting.Diagnostics", "Warning"));
        _app.UseKestrel(o => o.Listen(IPAddress.Loopback, port));
        _app.StartServer();

        Environment.SetEnvironmentVariable("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new() { ExecutablePath = "/usr/bin/chromium", Args = ChromiumArgs });
    }

    public async ValueTask DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        _playwright?.Dispose();
        if (_app is not null) await _app.DisposeAsync();
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(_dataDir, recursive: true); }
        catch (IOException) { /* a leftover temp folder is harmless */ }
    }

    public async Task<IPage> NewPageAsync()
    {
        var context = await Browser.NewContextAsync(new() { BaseURL = BaseUrl, ViewportSize = new() { Width = 1280, Height = 800 } });
        context.SetDefaultTimeout(15_000);
        return await context.NewPageAsync();
    }

    /// <summary>
    /// Opens the avatar menu. Right after a full page load the button is drawn before the
    /// Blazor circuit is connected and a click then does nothing: click again until it opens.
    /// </summary>
    public static async Task OpenAccountMenuAsync(IPage page)
    {
        var who = page.GetByTestId("account-who");
        for (var attempt = 0; attempt < 20; attempt++)
        {
            await page.GetByTestId("avatar-menu").ClickAsync();
            try
            {
                await who.WaitForAsync(new() { State = WaitForSelectorState.Visible, Timeout = 1500 });
                return;
            }
            catch (Exception e) when (e is System.TimeoutException or PlaywrightException) { /* not interactive yet */ }
        }
        await Microsoft.Playwright.Assertions.Expect(who).ToBeVisibleAsync();
    }

    public Task ScreenshotAsync(IPage page, string name) =>
        page.ScreenshotAsync(new() { Path = Path.Combine(ScreenshotDir, name + ".png"), FullPage = true });

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Rolodesk.slnx"))) return dir.FullName;
        return AppContext.BaseDirectory;
    }
}
