using System.Collections.Frozen;
using System.Text.Json;
using System.Text.Json.Serialization;
using BenchmarkDotNet.Attributes;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Rolodesk.Benchmarks.Data;
using Rolodesk.Data;
using Rolodesk.Server.Data;
using Rolodesk.Server.Features.Access;
using Rolodesk.Server.Features.ContactFields.Types;
using Rolodesk.Server.Features.ContactFields.Values;
using Rolodesk.Server.Features.Contacts;

namespace Rolodesk.Benchmarks.Benchmarks;

/// <summary>
/// GET /api/v1/users/{id} for a card with 50 custom field values, as the endpoint runs it after
/// authentication: a pooled context, the card's row and groups, the cached definitions, the
/// values the actor may display, and (second benchmark) the JSON the endpoint writes.
/// Needs a database generated with <c>generate --fields</c> (card 7 holds all 50 values).
/// </summary>
[Config(typeof(BenchConfig))]
[MemoryDiagnoser]
public class CardReadBenchmarks
{
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) } };

    private PooledDbContextFactory<RolodeskDbContext> factory = null!;
    private FieldDefinitionsCache definitions = null!;
    private UserAccess actor = null!;
    private int cardId;

    [ParamsSource(nameof(Providers))]
    public DatabaseProvider Provider { get; set; }

    public static IEnumerable<DatabaseProvider> Providers() => UserListBenchmarks.Providers();

    [GlobalSetup]
    public async Task SetupAsync()
    {
        var options = BenchDatabase.Options(Provider, BenchDatabase.DefaultConnection(Provider));
        factory = new PooledDbContextFactory<RolodeskDbContext>(options);
        definitions = new FieldDefinitionsCache(FieldTypeRegistry.Default, TimeProvider.System);
        await using var db = factory.CreateDbContext();
        var admins = await db.UserGroups.SingleAsync(g => g.Name == DefaultGroups.Administrators);
        actor = new UserAccess(1, [.. admins.Permissions], new[] { admins.Id }.ToFrozenSet(), IsAgent: true);
        cardId = await db.Users.Where(u => u.Id % 1000 == 7).Select(u => u.Id).FirstOrDefaultAsync();
        var card = await CardAsync();
        if (card?.CustomFields?.Count != BenchFields.FieldCount)
            throw new InvalidOperationException($"Card {cardId} shows {card?.CustomFields?.Count ?? 0} values, not {BenchFields.FieldCount}: generate the database with --fields.");
    }

    [Benchmark(Description = "card with 50 values (database + fields)")]
    public async Task<UserResponse?> CardAsync()
    {
        await using var db = factory.CreateDbContext();
        return await db.GetCardAsync(cardId, new CardFields(db, definitions), actor, CancellationToken.None);
    }

    [Benchmark(Description = "card with 50 values + JSON")]
    public async Task CardJsonAsync() => await JsonSerializer.SerializeAsync(Stream.Null, await CardAsync(), Web);
}
