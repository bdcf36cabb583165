import assert from "node:assert/strict";
import {test} from "node:test";
import {EventListReader} from "../src/lib/ingest/eventListReader.js";
import {recordingSink} from "./recordingSink.js";

const items = [
  {kind: "Event", auditID: "a", verb: "create", objectRef: {resource: "pods"}},
  {kind: "Event", auditID: "b"}
];

function read(lines: string[], firstLine = 1) {
  const {sink, calls} = recordingSink();
  const reader = new EventListReader(sink);
  lines.forEach((text, i) => reader.addLine(firstLine + i, text));
  const beforeEnd = calls.length;
  reader.end();
  return {calls, beforeEnd};
}

test("EventListReader parses the whole document at end(), reporting items at the document's first line", () => {
  const pretty = JSON.stringify({kind: "EventList", apiVersion: "audit.k8s.io/v1", items}, null, 2).split("\n");
  const {calls, beforeEnd} = read(pretty, 3);
  assert.equal(beforeEnd, 0);
  assert.deepEqual(calls, [
    ["event", {auditID: "a", action: "create_pods"}],
    ["reject", 3, "items[1]: missing verb"]
  ]);
});

test("EventListReader reports a broken document at the line of the JSON error", () => {
  const {calls} = read(["{", '  "kind": "EventList",', '  "items": [', '    {"verb": "a" "b"}', "  ]", "}"], 10);
  assert.equal(calls.length, 1);
  assert.deepEqual(calls[0].slice(0, 2), ["reject", 13]);
  assert.match(calls[0][2] as string, /^broken EventList JSON: /);
});

test("EventListReader rejects a JSON document that is not an EventList with items, and ignores an empty file", () => {
  assert.deepEqual(read(["{", '  "kind": "Event"', "}"], 2).calls, [
    ["reject", 2, "not an EventList with an items array"]
  ]);
  assert.deepEqual(read([]).calls, []);
});
