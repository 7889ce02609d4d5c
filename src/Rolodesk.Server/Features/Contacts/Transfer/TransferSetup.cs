using Microsoft.EntityFrameworkCore;
using Rolodesk.Data;

namespace Rolodesk.Server.Features.Contacts.Transfer;

public static class TransferSetup
{
    public static IServiceCollection AddRolodeskTransfer(this IServiceCollection services)
    {
        services.AddSingleton<ImportJobs>();
        services.AddHostedService<ImportWorker>();
        services.AddScoped<CsvImport>();
        // The bulk path differs per provider; the context in use decides (tests switch providers by configuration).
        services.AddScoped<IImportWriter>(sp =>
        {
            var db = sp.GetRequiredService<RolodeskDbContext>();
            return db.Database.IsNpgsql() ? new PostgresImportWriter(db) : new SqliteImportWriter(db, sp.GetRequiredService<ILogger<SqliteImportWriter>>());
        });
        return services;
    }
}
