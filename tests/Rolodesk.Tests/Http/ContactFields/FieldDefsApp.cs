using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Rolodesk.Server.Features.ContactFields;
using Rolodesk.Server.Features.ContactFields.Types;
using Rolodesk.Server.Infrastructure;
using Rolodesk.Tests.Infrastructure;

// In Rolodesk.Tests.Http (not .ContactFields) so that test.sh's PostgreSQL run, filtered on that namespace, includes these tests.
namespace Rolodesk.Tests.Http;

/// <summary>
/// An application whose field type registry holds only <see cref="TestFieldTypes"/>, on a
/// database of its own. The tests using it share one collection, so they run one at a time and
/// a reorder test can list every live group without another test adding one meanwhile.
/// </summary>
public sealed class FieldDefsApp : RolodeskApp
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(s => s.Replace(ServiceDescriptor.Singleton(TestFieldTypes.Registry)));
    }
}

[CollectionDefinition(Name)]
public sealed class FieldDefsCollection : ICollectionFixture<FieldDefsApp>
{
    public const string Name = "Field definitions";
}

/// <summary>Definition helpers over the API, as the administrator.</summary>
public static class Defs
{
    public static async Task<FieldGroupResponse> CreateGroupAsync(HttpClient admin, string target = "users", int[]? userGroupIds = null, string? name = null)
    {
        var response = await admin.PostAsJsonAsync("/api/v1/field-groups", new { name = name ?? Unique.Name("Group"), target, userGroupIds });
        Assert.True(response.StatusCode == HttpStatusCode.Created, await Api.Describe(response));
        return (await response.Content.ReadFromJsonAsync<FieldGroupResponse>())!;
    }

    public static async Task<FieldResponse> CreateFieldAsync(HttpClient admin, int fieldGroupId, string? name = null, string type = "test-text", string? key = null)
    {
        var response = await admin.PostAsJsonAsync("/api/v1/fields", new { name = name ?? Unique.Name("Field"), fieldGroupId, type, key });
        Assert.True(response.StatusCode == HttpStatusCode.Created, await Api.Describe(response));
        return (await response.Content.ReadFromJsonAsync<FieldResponse>())!;
    }

    public static async Task<T> OkAsync<T>(HttpResponseMessage response)
    {
        Assert.True(response.StatusCode == HttpStatusCode.OK, await Api.Describe(response));
        return (await response.Content.ReadFromJsonAsync<T>())!;
    }

    public static async Task<List<ContactFieldAuditResponse>> AuditAsync(HttpClient admin, string entity, int entityId) =>
        [.. (await admin.GetFromJsonAsync<Page<ContactFieldAuditResponse>>($"/api/v1/contact-fields/audit?entity={entity}&entityId={entityId}&pageSize=200"))!.Items];
}
