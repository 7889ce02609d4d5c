using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Rolodesk.Data;

/// <summary>
/// Stores instants as Unix milliseconds (UTC). Both providers can index, order and compare a
/// bigint, whereas SQLite cannot order DateTimeOffset; the offset is not kept on purpose: every
/// instant is UTC on the wire.
/// </summary>
public sealed class DateTimeOffsetToUnixMsConverter() : ValueConverter<DateTimeOffset, long>(
    v => v.ToUnixTimeMilliseconds(),
    v => DateTimeOffset.FromUnixTimeMilliseconds(v));
