using Rolodesk.Server;
using Rolodesk.Server.Data;

var builder = WebApplication.CreateBuilder(args);
builder.AddRolodesk();

var app = builder.Build();
await app.InitializeDatabaseAsync();
app.UseRolodesk();
await app.RunAsync();

/// <summary>Entry point, visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
