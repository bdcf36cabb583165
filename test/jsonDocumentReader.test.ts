import assert from "node:assert/strict";
import {test} from "node:test";
import {JsonDocumentReader} from "../src/lib/ingest/jsonDocumentReader.js";
import {recordingSink} from "./recordingSink.js";

const items = [
  {kind: "Event", auditID: "a", verb: "create", objectRef: {resource: "pods"}},
  {kind: "Event", auditID: "b"}
];

function read(lines: string[], firstLine = 1) {
  const {sink, calls} = recordingSink();
  const reader = new JsonDocumentReader(sink);
  lines.forEach((text, i) => reader.addLine(firstLine + i, text));
  const beforeEnd = calls.length;
  reader.end();
  return {calls, beforeEnd};
}

test("JsonDocumentReader reads a pretty-printed EventList, each item at the line where its object starts", () => {
  const pretty = JSON.stringify({kind: "EventList", apiVersion: "audit.k8s.io/v1", items}, null, 2).split("\n");
  const {calls} = read(pretty, 3);
  assert.deepEqual(calls, [
    ["event", {auditID: "a", action: "create_pods"}],
    ["reject", 3 + pretty.indexOf("    {", 10), "items[1]: missing verb"]
  ]);
});

test("JsonDocumentReader reads an EventList whose kind comes after its items (jq -S)", () => {
  const sorted = JSON.stringify({apiVersion: "audit.k8s.io/v1", items: [items[0]], kind: "EventList"}, null, 2);
  assert.deepEqual(read(sorted.split("\n")).calls, [["event", {auditID: "a", action: "create_pods"}]]);
});

test("JsonDocumentReader reads a jq . stream and a jq -s array one object at a time, at each object's first line", () => {
  const stream = items.flatMap((item) => JSON.stringify(item, null, 2).split("\n"));
  const {calls, beforeEnd} = read(stream);
  assert.equal(beforeEnd, 2);
  assert.deepEqual(calls, [
    ["event", {auditID: "a", action: "create_pods"}],
    ["reject", stream.indexOf("{", 1) + 1, "missing verb"]
  ]);
  const array = JSON.stringify(items, null, 2).split("\n");
  assert.deepEqual(read(array).calls, [
    ["event", {auditID: "a", action: "create_pods"}],
    ["reject", array.indexOf("  {", 2) + 1, "missing verb"]
  ]);
  assert.deepEqual(read(['[{"verb": "get", "auditID": "c"},', '{"verb": "list", "auditID": "d"}]']).calls, [
    ["event", {auditID: "c", action: "get_"}],
    ["event", {auditID: "d", action: "list_"}]
  ]);
});

test("JsonDocumentReader reports a broken value at the line of the JSON error and reads on", () => {
  const {calls} = read(
    ["{", '  "kind": "EventList",', '  "items": [', '    {"verb": "a" "b"}', "  ]", "}", "{", '"verb": "get"', "}"],
    10
  );
  assert.equal(calls.length, 2);
  assert.deepEqual(calls[0].slice(0, 2), ["reject", 13]);
  assert.match(calls[0][2] as string, /^broken JSON: /);
  assert.deepEqual(calls[1], ["event", {auditID: "", action: "get_"}]);
});

test("JsonDocumentReader reports text between objects, a cut string and a truncated document", () => {
  assert.deepEqual(read(["I1130 12:00:00.000 klog noise", "{", '"verb": "get"', "}"]).calls, [
    ["reject", 1, 'not part of a JSON object: "I1130 12:00:00.000 klog noise"'],
    ["event", {auditID: "", action: "get_"}]
  ]);
  assert.deepEqual(read(["{", '"verb": "ge', "{", '"verb": "get"', "}"]).calls, [
    ["reject", 1, "broken JSON: unterminated string at line 2"],
    ["event", {auditID: "", action: "get_"}]
  ]);
  assert.deepEqual(read(["[", "{", '"verb": "get"', "}", ",", "{"]).calls, [
    ["event", {auditID: "", action: "get_"}],
    ["reject", 6, "broken JSON: unterminated JSON value (truncated file?)"]
  ]);
  assert.deepEqual(read([]).calls, []);
});
