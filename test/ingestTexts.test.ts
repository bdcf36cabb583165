import assert from "node:assert/strict";
import {test} from "node:test";
import {ingestTexts} from "../src/lib/ingest/ingestTexts.js";

const event = (id: string, verb: string, resource: string) =>
  JSON.stringify({
    kind: "Event",
    apiVersion: "audit.k8s.io/v1",
    auditID: id,
    stage: "ResponseComplete",
    verb,
    user: {username: "u"},
    objectRef: {resource},
    requestReceivedTimestamp: "2023-01-27T18:28:08.000000Z"
  });

test("ingestTexts(inputs) reads every input in its own format into one result, with lines numbered per file", () => {
  const result = ingestTexts([
    {name: "a.jsonl", text: [event("1", "create", "pods"), "not json", event("2", "get", "pods")].join("\n")},
    {name: "b.txt", text: "delete_pods\nupdate_secrets\n"}
  ]);
  assert.deepEqual(
    result.actions.map((a) => a.action),
    ["create_pods", "delete_pods", "update_secrets"]
  );
  assert.deepEqual(
    result.report.inputs.map((i) => [i.file, i.format]),
    [
      ["a.jsonl", "audit-jsonl"],
      ["b.txt", "action-list"]
    ]
  );
  assert.deepEqual(
    result.report.problems.map((p) => [p.file, p.line]),
    [["a.jsonl", 2]]
  );
});

test("ingestTexts(inputs, options, onProgress) reports progress up to the whole input", () => {
  const seen: number[] = [];
  const text = Array.from({length: 50}, (_, i) => `create_pods${i}`).join("\n");
  ingestTexts([{name: "list.txt", text}], {}, (p) => seen.push(p.done / p.total), 10);
  assert.ok(seen.length >= 5, `${seen.length} progress reports`);
  assert.equal(seen.at(-1), 1);
});

test("ingestTexts(inputs) refuses an input in no known format, naming it", () => {
  assert.throws(() => ingestTexts([{name: "x.pdf", text: "%PDF-1.7 binary"}]), /x\.pdf/);
});
