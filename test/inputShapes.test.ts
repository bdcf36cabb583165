import assert from "node:assert/strict";
import {mkdtemp, readFile, rm, writeFile} from "node:fs/promises";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {gzipSync} from "node:zlib";
import {after, before, test} from "node:test";
import {prepareInputs, type PrepareResult} from "../src/node/prepare.js";

// Shapes of audit logs users have, each cut from test/fixtures/ingest/audit-events-head300.jsonl (see README there).
const FIXTURES = "test/fixtures/ingest";
const fixture = (name: string) => join(FIXTURES, name);
let tmp: string;
let plain: PrepareResult;
let plainLines: string[];

before(async () => {
  tmp = await mkdtemp(join(tmpdir(), "perfspec-shapes-"));
  plain = await prepareInputs([fixture("audit-events-head300.jsonl")]);
  plainLines = (await readFile(fixture("audit-events-head300.jsonl"), "utf8")).trimEnd().split("\n");
});
after(async () => {
  await rm(tmp, {recursive: true, force: true});
});

/** The events of the first `count` lines of the JSON lines fixture (stages of one request are one event). */
async function firstEvents(count: number) {
  const path = await write(`first-${count}.jsonl`, plainLines.slice(0, count).join("\n"));
  return (await prepareInputs([path])).events;
}

async function write(name: string, text: string | Buffer): Promise<string> {
  await writeFile(join(tmp, name), text);
  return join(tmp, name);
}

test("prepareInputs(webhook batches, first line over 64 KiB) reads every event of every batch, plain and gzip", async () => {
  const text = await readFile(fixture("webhook-batches.jsonl"));
  assert.ok(text.indexOf("\n") > 65536);
  for (const path of [fixture("webhook-batches.jsonl"), await write("batches.gz", gzipSync(text))]) {
    const {events, report} = await prepareInputs([path]);
    assert.equal(report.inputs[0].format, "audit-jsonl");
    assert.deepEqual([report.lines, report.accepted, report.rejected], [2, 140, 0]);
    assert.deepEqual(events, await firstEvents(140));
  }
});

test("prepareInputs(JSON lines led by a 100 KB list-events response naming EventList) loses no event", async () => {
  const first = JSON.parse(plainLines[0]);
  const list = {
    ...first,
    auditID: "list-events-1",
    level: "RequestResponse",
    verb: "list",
    objectRef: {resource: "events", namespace: "default", apiVersion: "v1"},
    responseObject: {
      kind: "EventList",
      apiVersion: "v1",
      metadata: {resourceVersion: "6577334"},
      items: Array.from({length: 400}, (_, i) => ({
        metadata: {name: `pod-${i}.17a1b2c3`, namespace: "default"},
        reason: "Scheduled",
        message: `Successfully assigned default/pod-${i} to k8s-node-1-perfspec`,
        type: "Normal"
      }))
    }
  };
  const line = JSON.stringify(list);
  assert.ok(line.length > 65536);
  const lines = [line, ...plainLines.slice(0, 3), "{broken", ...plainLines.slice(3)];
  const {events, report} = await prepareInputs([await write("list-first.jsonl", lines.join("\n") + "\n")]);
  assert.equal(report.inputs[0].format, "audit-jsonl");
  assert.deepEqual([report.accepted, report.rejected], [301, 1]);
  assert.equal(report.problems[0].line, 5);
  assert.equal(events[0].action, "list_events");
  assert.deepEqual(events.slice(1), plain.events);
});

test("prepareInputs(EventList with sorted keys, jq -S, gzip) reads its 150 items", async () => {
  const {events, report} = await prepareInputs([fixture("eventlist-sorted.json.gz")]);
  assert.equal(report.inputs[0].format, "audit-json");
  assert.deepEqual([report.accepted, report.rejected], [150, 0]);
  assert.deepEqual(events, await firstEvents(150));
});

test("prepareInputs(a pretty-printed Event, a jq . stream, a jq -s array) reads them like JSON lines", async () => {
  for (const [name, count] of [
    ["pretty-event.json", 1],
    ["pretty-stream.json", 5],
    ["array.json", 5]
  ] as const) {
    const {events, report} = await prepareInputs([fixture(name)]);
    assert.equal(report.inputs[0].format, "audit-json", name);
    assert.deepEqual([report.accepted, report.rejected], [count, 0], name);
    assert.deepEqual(events, await firstEvents(count), name);
  }
});

test("prepareInputs(jq . stream or jq -s array with a bad object) reports the line where that object starts", async () => {
  const stream = (await readFile(fixture("pretty-stream.json"), "utf8")).split("\n");
  const array = (await readFile(fixture("array.json"), "utf8")).split("\n");
  // The third object starts at line 53 of the stream and line 54 of the array (see the fixtures).
  assert.equal(stream[52], "{");
  assert.equal(array[53], "  {");
  const withoutVerb = (lines: string[], from: number) => {
    const copy = [...lines];
    const verb = copy.findIndex((l, i) => i >= from && l.includes('"verb":'));
    copy[verb] = copy[verb].replace('"verb":', '"notVerb":');
    return copy.join("\n");
  };
  const s = await prepareInputs([await write("stream.json", withoutVerb(stream, 52))]);
  assert.deepEqual(s.report.problems, [{file: join(tmp, "stream.json"), line: 53, reason: "missing verb"}]);
  assert.equal(s.report.accepted, 4);
  const a = await prepareInputs([await write("array.json", withoutVerb(array, 53))]);
  assert.deepEqual(a.report.problems, [{file: join(tmp, "array.json"), line: 54, reason: "missing verb"}]);
  assert.equal(a.report.accepted, 4);
});

test("prepareInputs(every shape in one run) gives each file's events, in order, with per-file counts", async () => {
  const names = ["webhook-batches.jsonl", "eventlist-sorted.json.gz", "pretty-stream.json", "array.json"];
  const {report} = await prepareInputs([...names.map(fixture), fixture("audit-logs-head300.csv")]);
  assert.deepEqual(
    report.inputs.map((i) => [i.format, i.accepted, i.rejected]),
    [
      ["audit-jsonl", 140, 0],
      ["audit-json", 150, 0],
      ["audit-json", 5, 0],
      ["audit-json", 5, 0],
      ["logstash-csv", 300, 0]
    ]
  );
  // Every file repeats the fixture's first requests: one event per auditID over the whole run.
  assert.equal(report.accepted - report.duplicates, plain.events.length);
});
