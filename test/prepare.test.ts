import assert from "node:assert/strict";
import {mkdtemp, readFile, rm, writeFile} from "node:fs/promises";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {after, before, test} from "node:test";
import {tableFromIPC} from "apache-arrow";
import {run} from "../src/cli/prepare.js";
import {loadActions} from "../src/node/loadActions.js";
import {prepareInputs, writePrepared} from "../src/node/prepare.js";
import {splitLines} from "../src/node/readLines.js";
import {perfspecFile, perfspecLines} from "./perfspecDataset.js";

const FIXTURES = "test/fixtures/ingest";
const fixture = (name: string) => join(FIXTURES, name);
let tmp: string;

before(async () => {
  tmp = await mkdtemp(join(tmpdir(), "perfspec-prepare-"));
});
after(async () => {
  await rm(tmp, {recursive: true, force: true});
});

async function publishedActions(count: number): Promise<string[]> {
  return (await perfspecLines("events-dataset.txt.xz")).slice(0, count);
}

test("prepareInputs(first 300 CSV rows) gives the published actions, and the matching JSON lines give the same", async () => {
  const csv = await prepareInputs([fixture("audit-logs-head300.csv")]);
  const jsonl = await prepareInputs([fixture("audit-events-head300.jsonl")]);
  const actions = csv.actions.map((a) => a.action);
  assert.equal(actions.length, 20);
  assert.deepEqual(actions, await publishedActions(actions.length));
  assert.deepEqual(jsonl.actions, csv.actions);
  assert.deepEqual(jsonl.events, csv.events);
  assert.deepEqual([csv.report.lines, csv.report.accepted, csv.report.rejected], [300, 300, 0]);
  assert.equal(csv.report.inputs[0].format, "logstash-csv");
  assert.equal(jsonl.report.inputs[0].format, "audit-jsonl");
  assert.equal(csv.eventsTable.numRows, csv.events.length);
  assert.equal(csv.actionsTable.numRows, actions.length);
});

test("prepareInputs(gzip file) detects compression by magic bytes", async () => {
  const copy = join(tmp, "audit-without-extension");
  await writeFile(copy, await readFile(fixture("audit-events-head300.jsonl.gz")));
  const gz = await prepareInputs([copy]);
  const plain = await prepareInputs([fixture("audit-events-head300.jsonl")]);
  assert.deepEqual(gz.actions, plain.actions);
});

test("prepareInputs(BOM + CRLF JSON lines) reads them like plain LF lines", async () => {
  const {events, report} = await prepareInputs([fixture("bom-crlf.jsonl")]);
  const plain = await prepareInputs([fixture("audit-events-head300.jsonl")]);
  assert.equal(report.rejected, 0);
  assert.equal(report.lines, 20);
  assert.deepEqual(events, plain.events.slice(0, events.length));
});

test("prepareInputs(pretty-printed EventList) reads every item", async () => {
  const {events, report} = await prepareInputs([fixture("eventlist.json")]);
  const plain = await prepareInputs([fixture("audit-events-head300.jsonl")]);
  assert.equal(report.inputs[0].format, "audit-json");
  assert.equal(report.accepted, 40);
  assert.deepEqual(events, plain.events.slice(0, events.length));
});

test("prepareInputs(v1beta1 events) reads time, user agent and source IP", async () => {
  const {events, actions} = await prepareInputs([fixture("v1beta1.jsonl")]);
  assert.deepEqual(
    actions.map((a) => a.action),
    ["create_pods", "delete_deployments"]
  );
  assert.equal(events[0].time, Date.UTC(2019, 2, 1, 10, 0, 0, 100));
  assert.equal(events[1].time, Date.UTC(2019, 2, 1, 10, 0, 1, 500));
  assert.deepEqual(
    [events[0].userAgent, events[0].sourceIP, events[1].apiGroup],
    ["kubectl/v1.13.0", "10.0.0.7", "apps"]
  );
});

test("prepareInputs(hostile file) reports every bad line and keeps every good one, payloads as plain strings", async () => {
  const {events, actions, report, eventsTable} = await prepareInputs([fixture("hostile.jsonl")]);
  assert.deepEqual(
    report.problems.map((p) => [p.line, p.reason.replace(/:.*/, "")]),
    [
      [2, "broken JSON (truncated line?)"],
      [3, "not an audit Event (a JSON array)"],
      [4, 'not an audit Event (kind "Pod")'],
      [5, "missing verb"],
      [6, "invalid UTF-8"],
      [7, "NUL bytes (binary data?)"],
      [8, "invalid UTF-8"],
      [11, "not an audit Event (a JSON string)"],
      [12, "not an audit Event (a JSON null)"],
      [15, "broken JSON (truncated line?)"]
    ]
  );
  assert.deepEqual([report.lines, report.accepted, report.rejected, report.duplicates], [14, 4, 10, 1]);
  assert.deepEqual(
    actions.map((a) => a.action),
    ["create_configmaps", "update_secrets"]
  );
  assert.equal(events[1].code, 200); // filled from the later stage of auditID h9
  const row = eventsTable.get(0);
  assert.equal(row?.name, "<script>alert(1)</script>");
  assert.equal(row?.namespace, "<img src=x onerror=alert(1)>");
  assert.equal(row?.user, '"><script>alert(1)</script>');
});

test("prepareInputs(file with a 2 MB event line) accepts it with the lines around it; over maxLineBytes it is reported", async () => {
  const good = (await readFile(fixture("audit-events-head300.jsonl"), "utf8")).split("\n");
  const huge = JSON.stringify({
    kind: "Event",
    auditID: "huge",
    verb: "create",
    objectRef: {resource: "pods", name: "x".repeat(2 * 1024 * 1024)}
  });
  const path = join(tmp, "long-line.jsonl");
  await writeFile(path, [good[0], huge, good[1]].join("\n"));
  const accepted = await prepareInputs([path]);
  assert.deepEqual([accepted.report.accepted, accepted.report.rejected], [3, 0]);
  assert.equal(accepted.events.find((e) => e.auditID === "huge")?.name?.length, 2 * 1024 * 1024);
  const {report} = await prepareInputs([path], {maxLineBytes: 2 ** 20});
  assert.deepEqual([report.accepted, report.rejected], [2, 1]);
  assert.equal(report.problems[0].line, 2);
  assert.match(report.problems[0].reason, /line too long \(2097\d+ bytes\)/);
});

test("splitLines(chunks) joins lines split across chunks and keeps a last line without a line break", async () => {
  async function* chunks() {
    yield Buffer.from("ab");
    yield Buffer.from("c\r\nde");
    yield Buffer.from("f\n\ng");
  }
  const lines = [];
  for await (const line of splitLines(chunks())) lines.push([line.lineNumber, line.text]);
  assert.deepEqual(lines, [
    [1, "abc\r"],
    [2, "def"],
    [3, ""],
    [4, "g"]
  ]);
});

test("splitLines(chunks) reports long and non-UTF-8 lines inside a chunk and keeps characters split across chunks", async () => {
  async function* chunks() {
    yield Buffer.from("short\n" + "x".repeat(20) + "\nok\n\n");
    yield Buffer.concat([Buffer.from([0x61, 0xff, 0x62, 0x0a]), Buffer.from("caf"), Buffer.from([0xc3])]);
    yield Buffer.concat([Buffer.from([0xa9]), Buffer.from("\n")]);
  }
  const lines = [];
  for await (const line of splitLines(chunks(), {maxLineBytes: 10}))
    lines.push([line.lineNumber, line.text, line.invalidUtf8 ?? false, line.tooLongBytes ?? 0]);
  assert.deepEqual(lines, [
    [1, "short", false, 0],
    [2, "", false, 20],
    [3, "ok", false, 0],
    [4, "", false, 0],
    [5, "a\ufffdb", true, 0],
    [6, "café", false, 0]
  ]);
});

test("prepareInputs fails with a message naming the file when it is empty, missing or of unknown format", async () => {
  const empty = join(tmp, "empty.log");
  await writeFile(empty, "");
  await assert.rejects(prepareInputs([empty]), {message: `${empty}: the file is empty`});
  const blank = join(tmp, "blank.log");
  await writeFile(blank, "\r\n\n  \n");
  await assert.rejects(prepareInputs([blank]), {message: `${blank}: the file is empty (no non-empty lines)`});
  await assert.rejects(prepareInputs([join(tmp, "missing.log")]), /missing\.log: no such file/);
  const pdf = perfspecFile("dataset_distribution.pdf");
  await assert.rejects(prepareInputs([pdf]), /dataset_distribution\.pdf: unknown format/);
  await assert.rejects(prepareInputs([]), /no input files/);
});

test("prepareInputs(truncated gzip) keeps the lines before the damage and reports it", async () => {
  const gz = await readFile(fixture("audit-events-head300.jsonl.gz"));
  const path = join(tmp, "cut.jsonl.gz");
  await writeFile(path, gz.subarray(0, Math.floor(gz.length / 2)));
  const {report} = await prepareInputs([path]);
  assert.ok(report.accepted > 50 && report.accepted < 300, String(report.accepted));
  assert.match(report.problems.at(-1)?.reason ?? "", /cannot read further/);
});

test("writePrepared + loadActions(dir) round-trip the actions and the report", async () => {
  const result = await prepareInputs([fixture("audit-logs-head300.csv")]);
  const out = join(tmp, "prepared");
  const files = await writePrepared(result, out);
  const events = tableFromIPC(await readFile(files.events));
  assert.equal(events.numRows, result.events.length);
  const loaded = await loadActions(out);
  assert.deepEqual(loaded.actions, result.actions);
  assert.deepEqual(loaded.report, JSON.parse(JSON.stringify(result.report)));
  assert.deepEqual((await loadActions(files.actions)).actions, result.actions);
  assert.deepEqual((await loadActions([fixture("audit-logs-head300.csv")])).actions, result.actions);
  await assert.rejects(loadActions(tmp), /no actions\.arrow in this folder/);
});

test("loadActions(action list) reads a plain verb_resource file as is", async () => {
  const {actions, report} = await loadActions(perfspecFile("events-dataset.first-half-dedup.txt"));
  assert.equal(actions.length, 10821);
  assert.equal(report?.inputs[0].format, "action-list");
  assert.equal(report?.repetition.repeated, false);
});

test("run(['--help']) prints usage; run with policy flags writes the three files", async () => {
  assert.equal(await run(["--help"]), 0);
  assert.equal(await run([fixture("audit-logs-head300.csv")]), 2);
  const out = join(tmp, "cli");
  const code = await run([
    fixture("audit-logs-head300.csv"),
    "--out",
    out,
    "--drop-verbs",
    "watch,list",
    "--drop-resources",
    "",
    "-q"
  ]);
  assert.equal(code, 0);
  const report = JSON.parse(await readFile(join(out, "report.json"), "utf8"));
  assert.deepEqual(report.policy.dropVerbs, ["watch", "list"]);
  assert.deepEqual(report.policy.dropResources, []);
  assert.ok(report.dropped["verb get"] === undefined && report.actions > 100);
  assert.equal(await run([fixture("audit-logs-head300.csv"), "--out", out, "--order", "random"]), 2);
});
