import assert from "node:assert/strict";
import {test} from "node:test";
import {JsonLinesReader} from "../src/lib/ingest/jsonLinesReader.js";
import {recordingSink} from "./recordingSink.js";

const event = (auditID: string, verb: string, resource: string) =>
  JSON.stringify({kind: "Event", apiVersion: "audit.k8s.io/v1", auditID, verb, objectRef: {resource}});

test("JsonLinesReader sends each event to the sink in one reused row", () => {
  const {sink, calls, rows} = recordingSink(["auditID", "verb", "resource"]);
  const reader = new JsonLinesReader(sink);
  reader.addLine(1, event("a", "create", "pods"));
  reader.addLine(2, event("b", "delete", "secrets"));
  reader.end();
  assert.deepEqual(calls, [
    ["event", {auditID: "a", verb: "create", resource: "pods"}],
    ["event", {auditID: "b", verb: "delete", resource: "secrets"}]
  ]);
  assert.equal(rows[0], rows[1]);
});

test("JsonLinesReader rejects flagged lines, binary data and broken JSON, hinting at truncation", () => {
  const {sink, calls} = recordingSink();
  const reader = new JsonLinesReader(sink);
  reader.addLine(1, event("a", "create", "pods"), {tooLongBytes: 1000});
  reader.addLine(2, "\u0000\u0000");
  reader.addLine(3, event("b", "create", "pods").slice(0, 30));
  reader.addLine(4, '{"kind":"Event"}');
  assert.deepEqual(
    calls.map((call) => call.slice(0, 2)),
    [
      ["reject", 1],
      ["reject", 2],
      ["reject", 3],
      ["reject", 4]
    ]
  );
  assert.equal(calls[0][2], "line too long (1000 bytes); skipped");
  assert.equal(calls[1][2], "NUL bytes (binary data?)");
  assert.match(calls[2][2] as string, /^broken JSON \(truncated line\?\): /);
  assert.equal(calls[3][2], "missing verb");
});

test("JsonLinesReader reads a one-line EventList item by item and labels unusable items", () => {
  const {sink, calls} = recordingSink();
  const reader = new JsonLinesReader(sink);
  const items = [JSON.parse(event("a", "create", "pods")), {kind: "Event"}];
  reader.addLine(7, JSON.stringify({kind: "EventList", items}));
  reader.addLine(8, JSON.stringify({kind: "EventList"}));
  assert.deepEqual(calls, [
    ["event", {auditID: "a", action: "create_pods"}],
    ["reject", 7, "items[1]: missing verb"],
    ["reject", 8, "EventList without an items array"]
  ]);
});
