/**
 * Parquet output of `prepare --format parquet`, written by parquet-wasm (Apache Arrow's Rust Parquet writer, as
 * WebAssembly: no native binary to install), optionally partitioned by day, hive style, for DuckDB, Spark or Trino.
 */
import {mkdir, writeFile} from "node:fs/promises";
import {join} from "node:path";
import {tableToIPC, type Table} from "apache-arrow";
import {Compression, Table as WasmTable, WriterPropertiesBuilder, writeParquet} from "parquet-wasm";
import {dayPartitions, NULL_DAY} from "../lib/ingest/dayPartitions.js";

export type Partitioning = "none" | "day";

/**
 * One table as Parquet bytes (Snappy, which every Parquet reader has; 64k-row groups, as the table's batches).
 * @example await writeFile("events.parquet", tableToParquet(eventsTable))
 */
export function tableToParquet(table: Table): Uint8Array {
  const properties = new WriterPropertiesBuilder()
    .setCompression(Compression.SNAPPY)
    .setMaxRowGroupSize(65_536)
    .setCreatedBy("perfspec prepare (parquet-wasm)")
    .build();
  // writeParquet takes ownership of the wasm table and the properties (and frees them).
  return writeParquet(WasmTable.fromIPCStream(tableToIPC(table, "stream")), properties);
}

/**
 * Writes `table` as `<dir>/<name>.parquet`, or with `partition: "day"` as `<dir>/<name>/day=YYYY-MM-DD/part-0.parquet`
 * (rows without a time under `day=__HIVE_DEFAULT_PARTITION__`); returns the files written.
 * @example await writeParquetTable(eventsTable, "out", "events", "day") // ["out/events/day=2023-01-27/part-0.parquet", …]
 */
export async function writeParquetTable(
  table: Table,
  dir: string,
  name: string,
  partition: Partitioning
): Promise<string[]> {
  if (partition === "none") {
    const file = join(dir, `${name}.parquet`);
    await writeFile(file, tableToParquet(table));
    return [file];
  }
  const files: string[] = [];
  // An empty table still gets one (empty) file, so that the dataset and its schema exist for readers.
  const parts = table.numRows === 0 ? [{day: NULL_DAY, table}] : dayPartitions(table);
  for (const {day, table: part} of parts) {
    const folder = join(dir, name, `day=${day}`);
    await mkdir(folder, {recursive: true});
    const file = join(folder, "part-0.parquet");
    await writeFile(file, tableToParquet(part));
    files.push(file);
  }
  return files;
}
