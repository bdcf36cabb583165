/**
 * Rows of an Arrow table (a DuckDB result) as plain objects for tables and CSV, with timestamps as Dates: Arrow
 * gives them as epoch numbers (1674844088129) or BigInts, which read as nonsense in a table.
 */
import {DataType, type Table} from "apache-arrow";

export function tableRows(table: Table): Record<string, unknown>[] {
  const times = table.schema.fields
    .filter((f) => DataType.isTimestamp(f.type) || DataType.isDate(f.type))
    .map((f) => f.name);
  return table.toArray().map((row) => {
    const plain = row.toJSON() as Record<string, unknown>;
    for (const name of times) {
      const value = plain[name];
      if (typeof value === "number" || typeof value === "bigint")
        plain[name] = new Date(timestampMillis(table, name, value));
    }
    return plain;
  });
}

/** Milliseconds since the epoch for a timestamp of any Arrow unit. */
function timestampMillis(table: Table, name: string, value: number | bigint): number {
  const type = table.schema.fields.find((f) => f.name === name)?.type;
  // Arrow's TimeUnit: 0 s, 1 ms, 2 µs, 3 ns. Arrow JS already converts row values to ms for most units.
  const unit = type && "unit" in type ? (type as {unit: number}).unit : 1;
  const n = Number(value);
  return typeof value === "bigint" ? [n * 1000, n, n / 1000, n / 1e6][unit] : n;
}
