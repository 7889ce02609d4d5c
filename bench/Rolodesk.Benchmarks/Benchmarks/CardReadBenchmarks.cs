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

    /// <summary>The card's row and groups alone (no custom fields): the database's part.</summary>
    public async Task RowAsync()
    {
        await using var db = factory.CreateDbContext();
        await db.Users.AsNoTracking().Where(u => u.Id == cardId).ToRows().FirstOrDefaultAsync();
    }

    /// <summary>The cheapest query EF can run for the card (its name): the fixed cost of a query.</summary>
    public async Task NameAsync()
    {
        await using var db = factory.CreateDbContext();
        await db.Users.AsNoTracking().Where(u => u.Id == cardId).Select(u => u.Name).FirstOrDefaultAsync();
    }

    /// <summary>Filtering the stored document for the actor alone: the custom fields' part.</summary>
    public async Task VisibleAsync()
    {
        document ??= await factory.CreateDbContext().Users.Where(u => u.Id == cardId).Select(u => u.CustomFields).SingleAsync();
        await using var db = factory.CreateDbContext();
        var catalog = await new CardFields(db, definitions).CatalogAsync(Rolodesk.Data.ContactFields.FieldTarget.Users, default);
        CardFields.Visible(catalog, actor, [3], document);
    }

    private string? document;

    [Benchmark(Description = "card with 50 values + JSON (LINQ projection + serializer)")]
    public async Task CardJsonAsync() => await JsonSerializer.SerializeAsync(Stream.Null, await CardAsync(), Web);

    /// <summary>What GET /users/{id} runs: one statement (UserCardReader), the values' JSON copied as stored (UserCardJson).</summary>
    [Benchmark(Description = "card with 50 values + JSON (endpoint: one statement, raw values)")]
    public async Task<int> CardEndpointAsync()
    {
        await using var db = factory.CreateDbContext();
        var card = await UserCardReader.ReadAsync(db, cardId, CancellationToken.None);
        var catalog = await new CardFields(db, definitions).UserCatalogAsync(card!.GroupIds, default);
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(4096);
        await using (var json = new Utf8JsonWriter(buffer)) UserCardJson.Write(json, card!, catalog, actor);
        return buffer.WrittenCount;
    }

    /// <summary>The endpoint's statement alone.</summary>
    public async Task RowRawAsync()
    {
        await using var db = factory.CreateDbContext();
        await UserCardReader.ReadAsync(db, cardId, CancellationToken.None);
    }
}
