import assert from "node:assert/strict";
import {test} from "node:test";
import type {TraceStep} from "../src/lib/learn/nextActions.js";
import {stepVerdict, traceRows, traceSummary} from "../src/lib/learn/traceReport.js";

const step = (index: number, action: string, rank: number, k = 2): TraceStep => ({
  index,
  action,
  predicted: [
    {action: "get_pods", probability: 0.414},
    {action: "list_pods", probability: 0.12}
  ],
  rank,
  probability: rank === Infinity ? 0 : 0.414 / rank,
  hit: rank <= k,
  unknown: rank === Infinity
});
const steps = [
  step(10, "get_pods", 1),
  step(11, "list_pods", 2),
  step(12, "create_pods", 7),
  step(13, "zzz", Infinity)
];

test("traceSummary(steps) counts the steps, the top-k hits, the top-1 hits and the never-seen actions", () => {
  assert.deepEqual(traceSummary(steps), {steps: 4, hits: 2, top1: 1, unknown: 1});
  assert.deepEqual(traceSummary([]), {steps: 0, hits: 0, top1: 0, unknown: 0});
});

test("stepVerdict(step, k) names top-1, top-k, surprises and never-seen surprises", () => {
  assert.deepEqual(
    steps.map((s) => stepVerdict(s, 2)),
    ["top-1", "in top 2", "SURPRISE", "SURPRISE (never seen)"]
  );
});

test("traceRows(steps, k) gives one row per step with the expected actions in whole percent", () => {
  assert.deepEqual(traceRows(steps.slice(0, 1), 2), [
    {
      position: 10,
      action: "get_pods",
      verdict: "top-1",
      rank: 1,
      probability: 0.414,
      expected: "get_pods 41% · list_pods 12%"
    }
  ]);
});

test("traceRows(steps, k, {onlySurprises: true}) keeps only the steps outside the top k", () => {
  assert.deepEqual(
    traceRows(steps, 2, {onlySurprises: true}).map((r) => [r.position, r.verdict]),
    [
      [12, "SURPRISE"],
      [13, "SURPRISE (never seen)"]
    ]
  );
});
