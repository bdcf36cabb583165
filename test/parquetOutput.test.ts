import assert from "node:assert/strict";
import {mkdtemp, readFile, readdir, rm, writeFile} from "node:fs/promises";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {after, before, test} from "node:test";
import {DuckDBInstance} from "@duckdb/node-api";
import {tableFromIPC, type Table} from "apache-arrow";
import {run} from "../src/cli/prepare.js";
import {eventsToTable} from "../src/lib/ingest/arrowTables.js";
import {dayPartitions, NULL_DAY} from "../src/lib/ingest/dayPartitions.js";
import {emptyRow} from "../src/lib/ingest/auditEvent.js";
import {runCaptured} from "./captureCommand.js";

let tmp: string;
before(async () => {
  tmp = await mkdtemp(join(tmpdir(), "perfspec-parquet-"));
});
after(async () => {
  await rm(tmp, {recursive: true, force: true});
});

const DAYS = ["2023-01-27", "2023-01-28", "2023-01-29"];

/**
 * The real fixture lines spread over three days, interleaved (so no day is one contiguous run of rows), every 50th
 * line without any timestamp (no day).
 */
async function multiDayLog(): Promise<string> {
  const lines = (await readFile("test/fixtures/ingest/audit-events-head300.jsonl", "utf8")).split("\n").filter(Boolean);
  const out = lines.map((line, i) => {
    const event = JSON.parse(line);
    if (i % 50 === 49) {
      delete event.requestReceivedTimestamp;
      delete event.stageTimestamp;
      delete event.timestamp;
    } else {
      const day = DAYS[i % 3];
      event.requestReceivedTimestamp = `${day}${event.requestReceivedTimestamp.slice(10)}`;
    }
    return JSON.stringify(event);
  });
  const path = join(tmp, "multi-day.jsonl");
  await writeFile(path, out.join("\n") + "\n");
  return path;
}

/** Rows per UTC day of a table's time column (null time: NULL_DAY). */
function countsByDay(table: Table): Record<string, number> {
  const time = table.getChild("time")!;
  const counts: Record<string, number> = {};
  for (let i = 0; i < table.numRows; i++) {
    const t = time.get(i);
    const day = t === null ? NULL_DAY : new Date(Number(t)).toISOString().slice(0, 10);
    counts[day] = (counts[day] ?? 0) + 1;
  }
  return counts;
}

test("dayPartitions(table) splits rows by UTC day, days ascending and no-time rows last, keeping every value", () => {
  const row = (auditID: string, time: number | null, user: string | null) => ({
    ...emptyRow(),
    auditID,
    time,
    verb: "create",
    resource: "pods",
    user,
    action: "create_pods"
  });
  const day = 86_400_000;
  const table = eventsToTable([
    row("a", 3 * day + 5, "u1"),
    row("b", null, null),
    row("c", 1 * day, "u2"),
    row("d", 3 * day + 7, null),
    row("e", 1 * day + 9, "u1")
  ]);
  const parts = dayPartitions(table);
  assert.deepEqual(
    parts.map((p) => [p.day, p.table.numRows]),
    [
      ["1970-01-02", 2],
      ["1970-01-04", 2],
      [NULL_DAY, 1]
    ]
  );
  const rows = (t: Table) => t.toArray().map((r) => [r.auditID, r.time === null ? null : Number(r.time), r.user]);
  assert.deepEqual(rows(parts[0].table), [
    ["c", day, "u2"],
    ["e", day + 9, "u1"]
  ]);
  assert.deepEqual(rows(parts[1].table), [
    ["a", 3 * day + 5, "u1"],
    ["d", 3 * day + 7, null]
  ]);
  assert.deepEqual(rows(parts[2].table), [["b", null, null]]);
});

test("perfspec prepare --format parquet --partition day: DuckDB reads the same rows per day as the Arrow output", async () => {
  const log = await multiDayLog();
  const arrowDir = join(tmp, "arrow");
  const parquetDir = join(tmp, "parquet");
  assert.equal((await runCaptured(run, [log, "--out", arrowDir, "-q"])).code, 0);
  const result = await runCaptured(run, [log, "--out", parquetDir, "-q", "--format", "parquet", "--partition", "day"]);
  assert.equal(result.code, 0, result.stderr);
  assert.deepEqual((await readdir(join(parquetDir, "events"))).sort(), [
    ...DAYS.map((d) => `day=${d}`),
    `day=${NULL_DAY}`
  ]);
  const db = await (await DuckDBInstance.create(":memory:")).connect();
  for (const name of ["events", "actions"]) {
    const arrow = tableFromIPC(await readFile(join(arrowDir, `${name}.arrow`)));
    const reader = await db.runAndReadAll(
      `SELECT coalesce(strftime(day, '%Y-%m-%d'), '${NULL_DAY}') AS day, count(*) AS n,
              count(DISTINCT action) AS actions, count(user) AS users
       FROM read_parquet('${join(parquetDir, name)}/*/*.parquet', hive_partitioning = true) GROUP BY ALL ORDER BY day`
    );
    const rows = reader.getRowObjectsJson() as {day: string; n: string}[];
    const fromParquet = Object.fromEntries(rows.map((r) => [r.day, Number(r.n)]));
    assert.deepEqual(fromParquet, countsByDay(arrow), name);
    assert.ok(Object.keys(fromParquet).length >= 3, `${name}: ${JSON.stringify(fromParquet)}`);
    // The values too, not only the rows: the non-null users of the whole dataset.
    const users = await db.runAndReadAll(
      `SELECT count(user) AS n FROM read_parquet('${join(parquetDir, name)}/*/*.parquet', hive_partitioning = true)`
    );
    const arrowUsers = arrow
      .getChild("user")!
      .toArray()
      .filter((u: string | null) => u !== null).length;
    assert.equal(Number(users.getRows()[0][0]), arrowUsers);
  }
  const report = JSON.parse(await readFile(join(parquetDir, "report.json"), "utf8"));
  assert.equal(report.accepted, 300);
});

test("perfspec prepare --partition day without --format parquet is a usage error (exit 2)", async () => {
  const result = await runCaptured(run, ["x.log", "--out", join(tmp, "x"), "--partition", "day"]);
  assert.equal(result.code, 2);
  assert.match(result.stderr, /--partition day needs --format parquet/);
});
