/**
 * Contender: DuckDB's native read_json (through @duckdb/node-api) with the PerfSPEC policy: dedup by auditID,
 * drop get/list/watch and events/leases/replicationcontrollers, action = verb_resource. Prints {seconds, events, actions}.
 * DuckDB uses all cores (threads = its default); the result tables are materialised in memory.
 */
import {DuckDBInstance} from "@duckdb/node-api";

const path = process.argv[2].replaceAll("'", "''");
const started = performance.now();
const instance = await DuckDBInstance.create(":memory:");
const db = await instance.connect();
await db.run(`CREATE TABLE events AS
  SELECT auditID, first(verb) AS verb, first(objectRef.resource) AS resource, first(objectRef.namespace) AS namespace,
         first(user.username) AS username, min(requestReceivedTimestamp) AS time
  FROM read_json('${path}', format = 'newline_delimited')
  GROUP BY auditID`);
await db.run(`CREATE TABLE actions AS
  SELECT verb || '_' || coalesce(resource, '') AS action, time, username, namespace FROM events
  WHERE verb NOT IN ('get', 'list', 'watch') AND coalesce(resource, '') NOT IN ('events', 'leases', 'replicationcontrollers')
  ORDER BY time`);
const count = async (table: string) =>
  Number((await db.runAndReadAll(`SELECT count(*) FROM ${table}`)).getRows()[0][0]);
const [events, actions] = [await count("events"), await count("actions")];
const threads = (await db.runAndReadAll("SELECT current_setting('threads')")).getRows()[0][0];
console.log(JSON.stringify({seconds: (performance.now() - started) / 1000, events, actions, threads: Number(threads)}));
