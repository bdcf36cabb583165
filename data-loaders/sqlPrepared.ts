/**
 * Behind src/data/sql-prepared.json: the SQL explorer's first example query (sqlExamples.ts) run at build time by
 * DuckDB (in Node, @duckdb/node-api) over the same two tables the page gives DuckDB-wasm (the ingestion library's
 * events and actions, as in prepared.ts), so the page shows its result while DuckDB-wasm starts, then re-runs it.
 */
import {mkdtemp, rm, writeFile} from "node:fs/promises";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {DuckDBInstance, version} from "@duckdb/node-api";
import {prepareInputs} from "../src/node/prepare.js";
import {tableToParquet} from "../src/node/writeParquet.js";
import {SQL_EXAMPLES} from "../src/lib/sqlExamples.js";
import {dataOrigin, dataPolicy} from "./dataSources.js";

export interface SqlPrepared {
  example: string;
  query: string;
  /** The DuckDB that ran it, e.g. "v1.4.1". */
  duckdb: string;
  columns: string[];
  rows: Record<string, unknown>[];
}

/** @example (await sqlPreparedJson()).rows[0] // {action: "update_secrets", n: 1234} */
export async function sqlPreparedJson(): Promise<SqlPrepared> {
  const {eventsTable, actionsTable} = await prepareInputs(dataOrigin().paths, {policy: await dataPolicy()});
  const {name: example, query} = SQL_EXAMPLES[0];
  // The tables reach DuckDB as Parquet (its reader is built in; Arrow IPC needs an extension from the network).
  const dir = await mkdtemp(join(tmpdir(), "perfspec-sql-"));
  const instance = await DuckDBInstance.create(":memory:");
  const connection = await instance.connect();
  try {
    for (const [name, table] of [
      ["events", eventsTable],
      ["actions", actionsTable]
    ] as const) {
      const file = join(dir, `${name}.parquet`);
      await writeFile(file, tableToParquet(table));
      await connection.run(`CREATE TABLE ${name} AS SELECT * FROM read_parquet('${file.replaceAll("'", "''")}')`);
    }
    const reader = await connection.runAndReadAll(query);
    return {example, query, duckdb: version(), columns: reader.columnNames(), rows: reader.getRowObjectsJson()};
  } finally {
    connection.closeSync();
    instance.closeSync();
    await rm(dir, {recursive: true, force: true});
  }
}
