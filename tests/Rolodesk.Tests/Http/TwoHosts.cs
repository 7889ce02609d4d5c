using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Rolodesk.Tests.Infrastructure;

namespace Rolodesk.Tests.Http;

/// <summary>
/// Two instances on one database, as behind a load balancer; with a Redis prefix they also share
/// 127.0.0.1:6379 (as test.sh starts it) on channels of their own, so parallel runs stay apart.
/// </summary>
public static class TwoHosts
{
    public const string Redis = "127.0.0.1:6379";

    public static string NewPrefix() => "rolodesk-test-" + Unique.Tag();

    public static void UseRedis(IWebHostBuilder builder, string prefix)
    {
        builder.UseSetting("ConnectionStrings:Redis", Redis);
        builder.UseSetting("Rolodesk:Redis:ChannelPrefix", prefix);
    }
}

/// <summary>Another instance on <paramref name="connectionString"/>'s database (and Redis when <paramref name="redisPrefix"/> is set).</summary>
public class OtherInstance(string connectionString, string? redisPrefix = null, params (string Key, string Value)[] settings)
    : WebApplicationFactory<Program>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("Rolodesk:Database:Provider", RolodeskApp.IsPostgres ? "Postgres" : "Sqlite");
        builder.UseSetting("ConnectionStrings:Rolodesk", connectionString);
        builder.UseSetting("ROLODESK_ADMIN_EMAIL", RolodeskApp.AdminEmail);
        builder.UseSetting("ROLODESK_ADMIN_PASSWORD", RolodeskApp.AdminPassword);
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        if (redisPrefix is not null) TwoHosts.UseRedis(builder, redisPrefix);
        foreach (var (key, value) in settings) builder.UseSetting(key, value);
    }

    /// <summary>A client of this instance carrying <paramref name="signedIn"/>'s bearer token.</summary>
    public HttpClient ClientAs(HttpClient signedIn)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = signedIn.DefaultRequestHeaders.Authorization;
        return client;
    }
}
