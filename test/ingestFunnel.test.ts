import assert from "node:assert/strict";
import {test} from "node:test";
import {ingestFunnel} from "../src/lib/ingest/ingestFunnel.js";

// The counts of the embedded PerfSPEC CSV (its prepare report).
const report = {
  lines: 16564,
  rejected: 1,
  duplicates: 89,
  actions: 2163,
  dropped: {
    "verb watch": 474,
    "verb list": 867,
    "verb get": 12331,
    "resource leases": 322,
    "resource events": 316,
    "resource replicationcontrollers": 1
  }
};

test("ingestFunnel(report) goes from input lines to actions, grouping the policy's drops by kind", () => {
  const steps = ingestFunnel(report);
  assert.deepEqual(
    steps.map((s) => [s.stage, s.remaining, s.removed]),
    [
      ["Input lines", 16564, 0],
      ["Readable events", 16563, 1],
      ["Unique requests", 16474, 89],
      ["After dropping verbs", 2802, 13672],
      ["Actions", 2163, 639]
    ]
  );
  assert.equal(steps[3].why, "dropped by the policy: verb watch, list, get");
});

test("ingestFunnel(report) leaves out steps that removed nothing", () => {
  const steps = ingestFunnel({lines: 5, rejected: 0, duplicates: 0, actions: 5, dropped: {}});
  assert.deepEqual(
    steps.map((s) => s.stage),
    ["Actions"]
  );
});

test("ingestFunnel(report) ends at the report's actions even when its counts leave a gap", () => {
  const steps = ingestFunnel({...report, actions: 2000});
  assert.deepEqual(steps.at(-1), {stage: "Actions", remaining: 2000, removed: 163, why: "other lines, not events"});
  assert.equal(steps.at(-2)?.stage, "After dropping resources");
});
