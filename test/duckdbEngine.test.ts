import assert from "node:assert/strict";
import {mkdtemp, readFile, rm, writeFile} from "node:fs/promises";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {after, before, test} from "node:test";
import {gzipSync} from "node:zlib";
import {tableToIPC} from "apache-arrow";
import {DecodedFields, type EncodedBatch} from "../src/lib/ingest/encodedEvents.js";
import {Ingestor} from "../src/lib/ingest/ingestor.js";
import {readEncodedBatches} from "../src/node/duckdbEvents.js";
import {DUCKDB_MIN_BYTES, engineFor, prepareInputs, type PrepareOptions} from "../src/node/prepare.js";

let tmp: string;
before(async () => {
  tmp = await mkdtemp(join(tmpdir(), "perfspec-duckdb-"));
});
after(async () => {
  await rm(tmp, {recursive: true, force: true});
});

const HEAD300 = "test/fixtures/ingest/audit-events-head300.jsonl";

/**
 * Prepares `paths` with both engines and checks that the tables (Arrow IPC bytes: values, dictionaries and their
 * order) and the report are the same; returns the engine the default run took and why it fell back, if it did.
 */
async function sameAsJsonLinesReader(paths: string[], options: PrepareOptions = {}): Promise<string> {
  const fast = await prepareInputs(paths, {engine: "duckdb", ...options});
  const js = await prepareInputs(paths, {...options, engine: "js"});
  assert.equal(js.engine, "js");
  assert.deepEqual(tableToIPC(fast.eventsTable), tableToIPC(js.eventsTable), `events of ${paths.join(", ")}`);
  assert.deepEqual(tableToIPC(fast.actionsTable), tableToIPC(js.actionsTable), `actions of ${paths.join(", ")}`);
  assert.deepEqual(fast.report, js.report);
  return fast.engine === "duckdb" ? "duckdb" : `js (${fast.engineNote})`;
}

async function temp(name: string, lines: unknown[]): Promise<string> {
  const path = join(tmp, name);
  await writeFile(
    path,
    lines.map((line) => (typeof line === "string" ? line : JSON.stringify(line))).join("\n") + "\n"
  );
  return path;
}

const event = (id: string, verb: string, extra: Record<string, unknown> = {}) => ({
  kind: "Event",
  apiVersion: "audit.k8s.io/v1",
  level: "Metadata",
  auditID: id,
  stage: "ResponseComplete",
  requestURI: `/api/v1/namespaces/default/pods/${id}`,
  verb,
  user: {username: "alice"},
  sourceIPs: ["10.0.0.1"],
  userAgent: "kubectl/v1.28",
  objectRef: {resource: "pods", namespace: "default", name: id, apiVersion: "v1"},
  responseStatus: {metadata: {}, code: 201},
  requestReceivedTimestamp: "2023-01-27T18:28:08.129781Z",
  ...extra
});

test("prepareInputs(audit JSON lines) takes DuckDB and gives the JSON-lines reader's tables and report", async () => {
  const fixtures = [
    HEAD300,
    `${HEAD300}.gz`,
    "test/fixtures/shapes/source.jsonl",
    "test/fixtures/shapes/v1alpha1.jsonl",
    "test/fixtures/ingest/v1beta1.jsonl"
  ];
  const engines = [];
  for (const path of fixtures) engines.push(await sameAsJsonLinesReader([path]));
  // Stages of one request across two files, and one run over several files.
  engines.push(await sameAsJsonLinesReader(fixtures.slice(0, 3)));
  assert.deepEqual(engines.slice(0, 3), ["duckdb", "duckdb", "duckdb"]);
  assert.equal(engines[5], "duckdb");
  // Two runs at once (e.g. a server's requests) each have their own DuckDB connection.
  const [a, b] = await Promise.all([
    prepareInputs([HEAD300], {engine: "duckdb"}),
    prepareInputs([fixtures[2]], {engine: "duckdb"})
  ]);
  assert.deepEqual([a.engine, b.engine], ["duckdb", "duckdb"]);
  assert.deepEqual(tableToIPC(a.eventsTable), tableToIPC((await prepareInputs([HEAD300], {engine: "js"})).eventsTable));
});

test("prepareInputs(stages out of order, fills, escapes, impersonation, subresources) equals the JSON-lines reader", async () => {
  const path = await temp("stages.jsonl", [
    // A later stage fills what the first left out (name, code, user agent) and may not change the action.
    event("s1", "create", {stage: "RequestReceived", objectRef: {resource: "pods", namespace: "default"}}),
    event("s2", "delete", {responseStatus: {code: 403}, objectRef: {resource: "pods", subresource: "exec"}}),
    event("s1", "create", {stage: "ResponseComplete", userAgent: "late-agent"}),
    event("s3", "get", {impersonatedUser: {username: "bob"}, objectRef: {resource: "secrets", apiGroup: ""}}),
    event("s4", "update", {objectRef: {resource: "deployments", apiVersion: "apps/v1"}, user: {username: 'é\u2028"q'}}),
    event("s5", "patch", {objectRef: {resource: "widgets", apiGroup: "example.com"}, requestURI: "/apis/x?a=1&b=\\"}),
    event("", "list", {objectRef: null, user: null, sourceIPs: [], responseStatus: {code: 200.0}}),
    event("", "list", {stage: "", userAgent: "", responseStatus: {code: "200"}, sourceIPs: "10.0.0.1"}),
    event("S7-UPPER", "create", {responseStatus: {code: 2 ** 31}}),
    // A quote in a sampled value (the ENUM types are written as SQL literals).
    event("s8", "get", {objectRef: {resource: "configmaps", name: "it's-'quoted'"}, userAgent: "a''b"}),
    event("0f0c1b6e-5d7a-4a55-9a7c-2b1c7a5e0d11", "create", {objectRef: {resource: "pods", name: "x7"}}),
    event("s1", "create", {stage: "ResponseStarted", objectRef: {resource: "pods", namespace: "default", name: "s1"}})
  ]);
  assert.equal(await sameAsJsonLinesReader([path]), "duckdb");
});

test("prepareInputs(CRLF line ends, blank and whitespace lines, no BOM) takes DuckDB and equals the JSON-lines reader", async () => {
  const text = (await readFile("test/fixtures/ingest/bom-crlf.jsonl", "utf8")).replace(/^\uFEFF/, "");
  const path = join(tmp, "crlf.jsonl");
  await writeFile(path, text.replace("\r\n", "\r\n\r\n   \t\r\n"));
  assert.equal(await sameAsJsonLinesReader([path]), "duckdb");
});

test("prepareInputs(values first met after DuckDB's sample of lines) equals the JSON-lines reader", async () => {
  const lines = [];
  for (let i = 0; i < 20_500; i++)
    lines.push(
      i < 20_000
        ? `{"kind":"Event","auditID":"a${i}","verb":"get","objectRef":{"resource":"pods"},"requestReceivedTimestamp":"2023-01-27T18:28:08.000000Z"}`
        : event(`b${i % 300}`, i % 2 ? "create" : "patch", {user: {username: `late-${i % 7}`}, userAgent: `ua-${i}`})
    );
  assert.equal(await sameAsJsonLinesReader([await temp("late.jsonl", lines)]), "duckdb");
});

test("prepareInputs(what the DuckDB engine does not reproduce) falls back to the JSON-lines reader", async () => {
  const cases: [string, unknown[]][] = [
    ["reused auditID", [event("r", "create"), event("r", "delete", {requestURI: "/other"})]],
    ["timestamp with an offset", [event("t", "create", {requestReceivedTimestamp: "2023-01-27T19:28:08.1+01:00"})]],
    ["timestamp with a space", [event("t", "create", {requestReceivedTimestamp: "2023-01-27T18:28:08.12345 Z"})]],
    ["timestamp in 1969", [event("t", "create", {requestReceivedTimestamp: "1969-12-31T23:59:59.999999Z"})]],
    [
      "no requestReceivedTimestamp (v1alpha1's timestamp, or stageTimestamp only)",
      [event("s", "watch", {requestReceivedTimestamp: undefined, stageTimestamp: "2023-01-27T18:28:09.000001Z"})]
    ],
    ["no kind", [{...event("k", "create"), kind: undefined}]],
    ["duplicated key", ['{"kind":"Event","auditID":"d","verb":"get","verb":"create"}']],
    ["bad line", [event("b", "create"), "{broken", event("c", "create")]],
    ["EventList line", [{kind: "EventList", apiVersion: "audit.k8s.io/v1", items: [event("e", "create")]}]],
    ["verb not a string", [event("v", "create"), {...event("w", "create"), verb: 5}]],
    // DuckDB reads these as the strings "7" and "true": a value that could be another type's text falls back.
    ["name not a string", [event("n", "create"), event("m", "create", {objectRef: {resource: "pods", name: 7}})]],
    ["user not a string", [event("u", "create", {user: {username: true}})]],
    ["auditID a number", [event("a", "create"), {...event("b", "create"), auditID: 12}]],
    ["requestURI a number", [event("q", "create", {requestURI: 5})]],
    ["a NUL character in a sampled value", [event("z", "create", {objectRef: {resource: "pods", name: "a\u0000b"}})]]
  ];
  for (const [name, lines] of cases) {
    const engine = await sameAsJsonLinesReader([await temp(`${name.replaceAll(" ", "-")}.jsonl`, lines)]);
    assert.match(engine, /^js \(/, name);
  }
  // Hostile fixtures (broken JSON, bad UTF-8, BOM and CRLF, webhook batches, klog noise), a policy this engine does
  // not apply, and a line limit: the JSON-lines reader reads them, with the problems' file and line numbers.
  for (const path of ["hostile.jsonl", "bom-crlf.jsonl", "webhook-batches.jsonl"])
    assert.match(await sameAsJsonLinesReader([`test/fixtures/ingest/${path}`]), /^js \(/, path);
  assert.match(await sameAsJsonLinesReader(["test/fixtures/shapes/klog-then-events.log"]), /^js \(/);
  assert.match(await sameAsJsonLinesReader([HEAD300], {policy: {preset: "security"}}), /^js \(/);
  assert.match(await sameAsJsonLinesReader([HEAD300], {maxLineBytes: 1 << 20}), /^js \(/);
  const gz = join(tmp, "cut.jsonl.gz");
  const whole = gzipSync(await readFile(HEAD300));
  await writeFile(gz, whole.subarray(0, whole.length >> 1));
  assert.match(await sameAsJsonLinesReader([gz]), /^js \(/);
});

test("prepareInputs(a trailing comma or NaN, which DuckDB's JSON reader accepts) differs: the one known difference", async () => {
  // yyjson in DuckDB reads `{"a":1,}` and `NaN` as the values they mean; JSON.parse (engine js) reports the lines as
  // broken JSON. docs/data-formats.md, "Two engines", says so; --engine js is the strict reader.
  const path = await temp("lenient.jsonl", [
    event("l1", "create"),
    JSON.stringify(event("l2", "create")).replace(/}$/, ",}"),
    JSON.stringify(event("l3", "create")).replace(/"level":"Metadata"/, '"level":NaN')
  ]);
  const fast = await prepareInputs([path], {engine: "duckdb"});
  const js = await prepareInputs([path], {engine: "js"});
  assert.equal(fast.engine, "duckdb");
  assert.deepEqual([fast.report.accepted, fast.report.rejected], [3, 0]);
  assert.deepEqual(
    js.report.problems.map((p) => p.line),
    [2, 3]
  );
});

test("prepareInputs(engine auto) takes the JSON-lines reader below DUCKDB_MIN_BYTES, DuckDB from there", async () => {
  const small = await prepareInputs([HEAD300]);
  assert.equal(small.engine, "js");
  assert.equal(small.engineNote, undefined);
  assert.equal(engineFor("auto", DUCKDB_MIN_BYTES - 1), "js");
  assert.equal(engineFor("auto", DUCKDB_MIN_BYTES), "duckdb");
  assert.equal(engineFor("js", DUCKDB_MIN_BYTES * 8), "js");
  assert.equal(engineFor("duckdb", 0), "duckdb");
});

test("an Ingestor takes encoded batches or lines, not both (the two paths hash a UUID auditID differently)", async () => {
  const fields = new DecodedFields();
  const batches: EncodedBatch[] = [];
  for await (const {batch} of readEncodedBatches([HEAD300], fields)) if (batch) batches.push(structuredClone(batch));
  const line = (await readFile(HEAD300, "utf8")).split("\n")[0];
  const linesFirst = new Ingestor();
  linesFirst.beginFile("log", "audit-jsonl");
  linesFirst.addLine("log", 1, line);
  assert.throws(() => linesFirst.addEncodedBatch("log", batches[0], fields), /added line by line/);
  const batchFirst = new Ingestor();
  batchFirst.beginFile("log", "audit-jsonl");
  assert.equal(batchFirst.addEncodedBatch("log", batches[0], fields), true);
  assert.throws(() => batchFirst.addLine("log", 2, line), /takes no lines/);
});
